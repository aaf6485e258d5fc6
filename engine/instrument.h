// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// An instrument: what a primitive records about itself, written once for all of them. It owns
// the gauges and counters named "<name>.<suffix>", looks their recorder ids up once per run
// rather than by name on every change, and publishes state-transition events (as
// Resilience4j's event publisher does) into the recorder, where charts, timeline marks and the
// exporters read them. An instrument without a name records nothing.
//
//     Instrument rec_{"pool"};
//     const Instrument::Gauge open_ = rec_.gauge("open");
//     ...
//     rec_.set(open_, double(openNow()));
//     rec_.transition("exhausted");
#pragma once

#include "time.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace coro {

class Loop;
class Recorder;

class Instrument {
public:
    struct Gauge {
        int slot;
    };
    struct Counter {
        int slot;
    };

    explicit Instrument(std::string name = {}) : name_(std::move(name)) {}
    Instrument(const Instrument &) = delete;
    Instrument &operator=(const Instrument &) = delete;

    const std::string &name() const { return name_; }
    bool enabled() const { return !name_.empty(); }

    /// Declares "<name>.<suffix>"; declare them all before the first run.
    Gauge gauge(std::string_view suffix) { return {declare(gauges_, suffix)}; }
    Counter counter(std::string_view suffix) { return {declare(counters_, suffix)}; }

    /// The loop recorded on: the running one, else the last one seen (a permit may be released
    /// outside a turn, by a guard the owner destroys). Null before the first run.
    Loop *loop();

    void set(Gauge g, double value);
    /// The same at time t, for a primitive that models threads beside the loop (t >= the
    /// gauge's last point).
    void setAt(Gauge g, Time t, double value);
    void add(Counter c, double delta = 1);
    /// Publishes a change of state ("open", "exhausted") at the current time.
    void transition(std::string_view state);
    /// Publishes `state` once per run: the first time a condition is met ("first 429").
    void firstTime(std::string_view state);

private:
    struct Slot {
        std::string name;
        int id = -1;
    };
    int declare(std::vector<Slot> &table, std::string_view suffix);
    Recorder *bind(); // null when there is no loop, or nothing to record
    void write(Recorder &rec, Gauge g, Time t, double value);

    std::string name_;
    std::vector<Slot> gauges_;
    std::vector<Slot> counters_;
    std::vector<std::string> published_; // firstTime() states already published this run
    Loop *loop_ = nullptr;
    std::uint64_t serial_ = 0; // of the recorder the ids belong to
};

} // namespace coro
