// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The simulated world: Service (capacity, failures, outages, quota, cost, batches) and
// ConnectionPool (exhaustion and leak accounting).
#include "engine_helpers.h"

#include "engine/gather.h"
#include "engine/sleep.h"
#include "engine/timeout.h"
#include "engine/world/connection_pool.h"
#include "engine/world/service.h"

using namespace coro;
using namespace coro::test;

namespace {
struct CallLog {
    std::vector<Time> finished;
    std::vector<int> statuses; // 200 for success
};

// n calls to the service, all issued at t=0 (or one every `gap`), each noting how it ended.
CallLog fire(Loop &loop, Service &service, int n, Duration gap = Duration{0})
{
    CallLog log;
    log.finished.resize(std::size_t(n));
    log.statuses.resize(std::size_t(n));
    for (int i = 0; i < n; ++i)
        loop.spawn({"call", i}, [&, i]() -> QCoro::Task<void> {
            co_await sleep(gap * i);
            try {
                co_await service.call(std::uint64_t(i));
                log.statuses[std::size_t(i)] = 200;
            } catch (const ServiceError &e) {
                log.statuses[std::size_t(i)] = e.status();
            }
            log.finished[std::size_t(i)] = now();
        });
    loop.runToEnd();
    return log;
}
// The gauge's value at t (a step function).
double gaugeValueAt(const Loop &loop, const char *name, Time t)
{
    const Gauge *g = loop.recorder().findGauge(name);
    double value = -1;
    if (g)
        for (const auto &point : g->points)
            if (point.time <= t)
                value = point.value;
    return value;
}
} // namespace

class TestWorld : public QObject {
    Q_OBJECT
private slots:
    void capacityQueuesRequestsFifo()
    {
        Loop loop;
        ServiceConfig c;
        c.capacity = 2;
        c.latency = Distribution::fixed(100ms);
        Service service(KeyedRandom(1), c);
        const CallLog log = fire(loop, service, 5);
        QCOMPARE(log.finished, (std::vector<Time>{100ms, 100ms, 200ms, 200ms, 300ms}));
        QCOMPARE(service.peakInFlight(), 5);
        QCOMPARE(loop.recorder().findGauge("service.in_flight")->max, 5.0);
    }

    // Four servers, two from 150 ms on: the calls queued then are served two at a time. And
    // an unlimited service that drops to one server.
    void capacityChangesMidRun()
    {
        Loop loop;
        ServiceConfig c;
        c.capacity = 4;
        c.capacityAfter = 2;
        c.capacityChangeAt = 150ms;
        c.latency = Distribution::fixed(100ms);
        Service service(KeyedRandom(1), c);
        const CallLog log = fire(loop, service, 10);
        QCOMPARE(log.finished, (std::vector<Time>{100ms, 100ms, 100ms, 100ms, 200ms, 200ms, 200ms, 200ms, 300ms, 300ms}));
        // The change shows at its time: 4 until 150 ms, then 2.
        QCOMPARE(gaugeValueAt(loop, "service.capacity", 149ms), 4.0);
        QCOMPARE(gaugeValueAt(loop, "service.capacity", 150ms), 2.0);

        Loop second;
        ServiceConfig u;
        u.capacityAfter = 1;
        u.capacityChangeAt = 50ms;
        u.latency = Distribution::fixed(100ms);
        Service unlimited(KeyedRandom(1), u);
        const CallLog drop = fire(second, unlimited, 4, 40ms); // at 0 and 40 unlimited; 80, 120 queue
        QCOMPARE(drop.finished, (std::vector<Time>{100ms, 140ms, 240ms, 340ms}));
    }
    void failuresAreKeyedByItemAndAttempt()
    {
        ServiceConfig c;
        c.failureProbability = 0.3;
        std::vector<int> first, second;
        for (auto *out : {&first, &second}) {
            Loop loop;
            Service service(KeyedRandom(11), c);
            *out = fire(loop, service, 200).statuses;
        }
        QCOMPARE(first, second);
        const auto failures = std::count(first.begin(), first.end(), 500);
        QVERIFY2(failures > 40 && failures < 80, qPrintable(QString::number(failures)));
    }

    // A malformed request is malformed on every attempt: 400 each time, for the same items,
    // answered at once; the other items are served as before.
    void malformedRequestsAnswer400OnEveryAttempt()
    {
        ServiceConfig c;
        c.badRequestProbability = 0.2;
        c.latency = Distribution::fixed(100ms);
        Loop loop;
        Service service(KeyedRandom(5), c);
        std::vector<std::vector<int>> statuses(100);
        std::vector<std::vector<Time>> answeredAt(100);
        for (std::uint64_t i = 0; i < 100; ++i)
            loop.spawn({"call", std::int64_t(i)}, [&, i]() -> QCoro::Task<void> {
                for (std::uint32_t attempt = 0; attempt < 3; ++attempt) {
                    try {
                        co_await service.call(i, attempt);
                        statuses[i].push_back(200);
                    } catch (const ServiceError &e) {
                        statuses[i].push_back(e.status());
                    }
                    answeredAt[i].push_back(now());
                }
            });
        loop.runToEnd();
        int malformed = 0;
        for (const auto &s : statuses) {
            QCOMPARE(s.size(), std::size_t(3));
            QVERIFY(s == std::vector<int>(3, 400) || s == std::vector<int>(3, 200));
            malformed += s.front() == 400;
        }
        for (std::size_t i = 0; i < 100; ++i) // a 400 is answered on sight, a good call after its latency
            QCOMPARE(answeredAt[i].front(), statuses[i].front() == 400 ? Time{} + c.refusalLatency : Time{} + 100ms);
        QVERIFY2(malformed > 8 && malformed < 35, qPrintable(QString::number(malformed)));
        QCOMPARE(loop.recorder().counterValue("service.bad_requests"), 3.0 * malformed);
    }

    void outageFailsFastWithinItsWindow()
    {
        Loop loop;
        ServiceConfig c;
        c.latency = Distribution::fixed(50ms);
        c.outages = {{Time(100ms), Time(300ms), OutageMode::FailFast}};
        Service service(KeyedRandom(1), c);
        const CallLog log = fire(loop, service, 5, 100ms); // at 0, 100, 200, 300, 400 ms
        QCOMPARE(log.statuses, (std::vector<int>{200, 503, 503, 200, 200}));
        QCOMPARE(log.finished[1], Time(101ms));
        QCOMPARE(loop.recorder().counterValue("service.outage_calls"), 2.0);
    }

    void hangingOutageHoldsTheCallUntilTheCallerGivesUp()
    {
        Loop loop;
        ServiceConfig c;
        c.outages = {{Time(0), Time(1s), OutageMode::Hang}};
        Service service(KeyedRandom(1), c);
        bool timedOut = false;
        loop.spawn("caller", [&]() -> QCoro::Task<void> {
            try {
                co_await timeout(2s, service.call(1));
            } catch (const TimeoutError &) {
                timedOut = true;
            }
        });
        loop.runToEnd();
        QVERIFY(timedOut);
        QCOMPARE(loop.now(), Time(2s));
        QCOMPARE(service.inFlight(), 0);
    }

    void quotaAnswers429BeyondItsRate()
    {
        Loop loop;
        ServiceConfig c;
        c.latency = Distribution::fixed(10ms);
        c.quotaRatePerSecond = 10;
        c.quotaBurst = 5;
        Service service(KeyedRandom(1), c);
        // 40 calls, one every 10 ms (100/s) for 0.4 s against 10/s with a burst of 5.
        const CallLog log = fire(loop, service, 40, 10ms);
        const auto ok = std::count(log.statuses.begin(), log.statuses.end(), 200);
        QCOMPARE(ok, 5 + 3); // the burst of 5 (0-40 ms), then one per refilled token: 100, 200, 300 ms
        QCOMPARE(loop.recorder().counterValue("service.rejected_429"), double(40 - ok));
    }

    void everyRequestIsBilled()
    {
        Loop loop;
        ServiceConfig c;
        c.costPerCall = 0.5;
        c.costPerItem = 0.25;
        c.failureProbability = 0.5;
        Service service(KeyedRandom(1), c);
        fire(loop, service, 10);
        QCOMPARE(service.cost(), 10 * 0.75);
        QCOMPARE(loop.recorder().counterValue("service.calls"), 10.0);
    }

    void batchLatencyIsBasePlusPerItem()
    {
        Loop loop;
        ServiceConfig c;
        c.batchBase = 40ms;
        c.batchPerItem = 3ms;
        c.costPerCall = 1;
        c.costPerItem = 0.1;
        Service service(KeyedRandom(1), c);
        loop.spawn("batch", [&]() -> QCoro::Task<void> { co_await service.callBatch(0, 20); });
        loop.runToEnd();
        QCOMPARE(loop.now(), Time(100ms));
        QCOMPARE(service.cost(), 1 + 20 * 0.1);
    }

    void poolExhaustionMakesOpenWait()
    {
        Loop loop;
        ConnectionPool pool({.name = "db", .maxOpen = 2, .openLatency = 5ms});
        std::vector<Time> openedAt;
        for (int i = 0; i < 4; ++i)
            loop.spawn({"user", i}, [&]() -> QCoro::Task<void> {
                auto conn = co_await pool.open();
                openedAt.push_back(now());
                co_await sleep(100ms);
            });
        loop.runToEnd();
        QCOMPARE(openedAt, (std::vector<Time>{5ms, 5ms, 110ms, 110ms}));
        QCOMPARE(pool.peakOpen(), 2);
        QCOMPARE(pool.exhaustedWaits(), 2);
        QCOMPARE(pool.leaked(), 0);
    }

    // Manual close is skipped when the work throws or is cancelled; RAII closes either way.
    void manualCloseLeaksOnErrorsAndCancellationRaiiDoesNot_data()
    {
        QTest::addColumn<bool>("raii");
        QTest::addColumn<int>("expectedLeaks");
        QTest::newRow("manual") << false << 2;
        QTest::newRow("raii") << true << 0;
    }
    void manualCloseLeaksOnErrorsAndCancellationRaiiDoesNot()
    {
        QFETCH(bool, raii);
        QFETCH(int, expectedLeaks);
        Loop loop;
        ConnectionPool pool({.name = "db", .maxOpen = 10, .openLatency = {}});
        auto work = [&](int i) -> QCoro::Task<void> {
            co_await sleep(10ms);
            if (i == 1)
                throw std::runtime_error("query failed");
        };
        std::vector<TaskHandle<void>> users;
        for (int i = 0; i < 3; ++i)
            users.push_back(loop.spawn({"user", i}, [&, i]() -> QCoro::Task<void> {
                if (raii) {
                    auto conn = co_await pool.open();
                    co_await work(i);
                } else {
                    const auto id = (co_await pool.open()).detach();
                    co_await work(i);
                    pool.close(id);
                }
            }));
        loop.spawn("canceller", [&]() -> QCoro::Task<void> {
            co_await sleep(5ms);
            users[2].cancel();
        });
        loop.runToEnd();
        QCOMPARE(pool.opened(), 3);
        QCOMPARE(pool.leaked(), expectedLeaks);
        QCOMPARE(loop.recorder().findGauge("db.open")->last, double(expectedLeaks));
    }
};

QTEST_GUILESS_MAIN(TestWorld)
#include "tst_world.moc"
