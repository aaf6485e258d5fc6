// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "connection_pool.h"

#include "engine/sleep.h"

#include <algorithm>
#include <stdexcept>

namespace coro {

Connection &Connection::operator=(Connection &&o) noexcept
{
    if (this != &o) {
        close();
        pool_ = std::exchange(o.pool_, nullptr);
        id_ = o.id_;
    }
    return *this;
}

void Connection::close()
{
    if (pool_)
        std::exchange(pool_, nullptr)->close(id_);
}

std::uint64_t Connection::detach()
{
    pool_ = nullptr;
    return id_;
}

ConnectionPool::ConnectionPool(ConnectionPoolConfig config) : config_(std::move(config)), slots_(config_.maxOpen)
{
    if (config_.maxOpen < 1)
        throw std::invalid_argument("ConnectionPool: maxOpen must be >= 1");
}

void ConnectionPool::record()
{
    instrument_.set(openGauge_, double(openNow()));
}

QCoro::Task<Connection> ConnectionPool::open()
{
    Permit slot;
    if (slots_.tryAcquire()) {
        slot = Permit(&slots_);
    } else {
        ++waits_;
        instrument_.add(exhaustedCount_);
        instrument_.firstTime("exhausted");
        slot = co_await slots_.acquire();
    }
    if (config_.openLatency > Duration{0})
        co_await sleep(config_.openLatency, WaitKind::Io);
    slot.forget(); // the slot now belongs to the connection; close() gives it back
    const std::uint64_t id = nextId_++;
    openIds_.insert(id);
    ++opened_;
    peak_ = std::max(peak_, openNow());
    instrument_.add(openedCount_);
    record();
    co_return Connection(this, id);
}

void ConnectionPool::close(std::uint64_t id)
{
    if (openIds_.erase(id) == 0)
        throw std::logic_error("ConnectionPool: closing a connection that is not open");
    ++closed_;
    slots_.release();
    instrument_.add(closedCount_);
    record();
}

SignalSpec openConnectionsSignal(const std::string &name)
{
    return {.id = name + ".open", .label = "open connections"};
}

} // namespace coro
