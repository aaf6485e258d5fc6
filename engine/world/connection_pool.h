// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// ConnectionPool: connections to a simulated database or HTTP host, with the accounting the
// resource-cleanup practice needs: how many are open, how many were opened and closed, and how
// many leaked (opened and never closed). At most maxOpen are open at once; open() waits in
// FIFO order when the pool is exhausted.
//
// Connection is the RAII handle (`async with pool.connection() as conn:`); detach() turns it
// into a bare id that only an explicit close() gives back, the manual style whose leaks the
// lesson shows.
#pragma once

#include "engine/instrument.h"
#include "engine/semaphore.h"
#include "engine/spec.h"

#include <qcoro/qcorotask.h>

#include <string>
#include <unordered_set>

namespace coro {

struct ConnectionPoolConfig {
    std::string name = "pool"; ///< prefix of the "<name>.open" gauge and counters
    int maxOpen = 10;
    Duration openLatency{0};   ///< handshake time once a slot is free
};

class ConnectionPool;

class [[nodiscard]] Connection {
public:
    Connection() = default;
    Connection(ConnectionPool *pool, std::uint64_t id) : pool_(pool), id_(id) {}
    Connection(Connection &&o) noexcept : pool_(std::exchange(o.pool_, nullptr)), id_(o.id_) {}
    Connection &operator=(Connection &&o) noexcept;
    ~Connection() { close(); }
    void close();
    /// Gives up the automatic close; the caller must call pool.close(id) itself.
    std::uint64_t detach();
    std::uint64_t id() const { return id_; }
    explicit operator bool() const { return pool_ != nullptr; }

private:
    ConnectionPool *pool_ = nullptr;
    std::uint64_t id_ = 0;
};

class ConnectionPool {
public:
    explicit ConnectionPool(ConnectionPoolConfig config = {});
    ConnectionPool(const ConnectionPool &) = delete;
    ConnectionPool &operator=(const ConnectionPool &) = delete;

    /// Waits for a free slot (the pool is exhausted while none is), then connects.
    QCoro::Task<Connection> open();
    void close(std::uint64_t id);

    std::int64_t openNow() const { return opened_ - closed_; }
    std::int64_t opened() const { return opened_; }
    std::int64_t closed() const { return closed_; }
    /// Opened and not closed: at the end of a run, the leaks.
    std::int64_t leaked() const { return opened_ - closed_; }
    std::int64_t peakOpen() const { return peak_; }
    /// Opens that had to wait for a slot.
    std::int64_t exhaustedWaits() const { return waits_; }
    const ConnectionPoolConfig &config() const { return config_; }

private:
    void record();

    ConnectionPoolConfig config_;
    Semaphore slots_;
    std::int64_t opened_ = 0;
    std::int64_t closed_ = 0;
    std::int64_t peak_ = 0;
    std::int64_t waits_ = 0;
    std::uint64_t nextId_ = 1;
    Instrument instrument_{config_.name};
    Instrument::Gauge openGauge_ = instrument_.gauge("open");
    Instrument::Counter exhaustedCount_ = instrument_.counter("exhausted_waits");
    Instrument::Counter openedCount_ = instrument_.counter("opened");
    Instrument::Counter closedCount_ = instrument_.counter("closed");
    std::unordered_set<std::uint64_t> openIds_;
};

/// The "<name>.open" gauge: connections open (in use or leaked).
SignalSpec openConnectionsSignal(const std::string &name);

} // namespace coro
