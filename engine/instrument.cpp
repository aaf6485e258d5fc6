// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "instrument.h"

#include "loop.h"

#include <algorithm>

namespace coro {

int Instrument::declare(std::vector<Slot> &table, std::string_view suffix)
{
    table.push_back({name_ + "." + std::string(suffix), -1});
    return int(table.size() - 1);
}

Loop *Instrument::loop()
{
    if (Loop *running = Loop::runningOrNull())
        loop_ = running;
    return loop_;
}

Recorder *Instrument::bind()
{
    if (!enabled() || !loop())
        return nullptr;
    Recorder &rec = loop_->recorder();
    if (serial_ != rec.serial()) { // a new run: ids belong to the recorder they came from
        serial_ = rec.serial();
        for (Slot &s : gauges_)
            s.id = -1;
        for (Slot &s : counters_)
            s.id = -1;
        published_.clear();
    }
    return &rec;
}

void Instrument::set(Gauge g, double value)
{
    if (Recorder *rec = bind())
        write(*rec, g, loop_->now(), value);
}

void Instrument::setAt(Gauge g, Time t, double value)
{
    if (Recorder *rec = bind())
        write(*rec, g, t, value);
}

void Instrument::write(Recorder &rec, Gauge g, Time t, double value)
{
    Slot &s = gauges_[std::size_t(g.slot)];
    if (s.id < 0)
        s.id = rec.gauge(s.name);
    rec.set(s.id, t, value);
}

void Instrument::add(Counter c, double delta)
{
    Recorder *rec = bind();
    if (!rec)
        return;
    Slot &s = counters_[std::size_t(c.slot)];
    if (s.id < 0) // created on first use, so a counter that never counts stays absent
        s.id = rec->counter(s.name);
    rec->add(s.id, delta);
}

void Instrument::transition(std::string_view state)
{
    if (Recorder *rec = bind())
        rec->event(loop_->now(), name_, state);
}

void Instrument::firstTime(std::string_view state)
{
    Recorder *rec = bind();
    if (!rec || std::find(published_.begin(), published_.end(), state) != published_.end())
        return;
    published_.emplace_back(state);
    rec->event(loop_->now(), name_, state);
}

} // namespace coro
