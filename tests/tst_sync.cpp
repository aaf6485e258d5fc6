// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Semaphore, Event and Channel: fairness, hand-off and what cancellation leaves behind.
#include "engine_helpers.h"

#include "engine/channel.h"
#include "engine/event.h"
#include "engine/semaphore.h"
#include "engine/sleep.h"

using namespace coro;
using namespace coro::test;

namespace {
QCoro::Task<void> holdPermit(Semaphore &sem, Log &log, std::string name, Duration hold)
{
    auto permit = co_await sem.acquire();
    log.note(name);
    co_await sleep(hold);
}
} // namespace

class TestSync : public QObject {
    Q_OBJECT
private slots:
    void semaphoreServesWaitersInArrivalOrder()
    {
        Loop loop;
        Semaphore sem(1);
        Log log;
        for (const char *name : {"a", "b", "c", "d"})
            loop.spawn(name, [&, name] { return holdPermit(sem, log, name, 10ms); });
        loop.runToEnd();
        QCOMPARE(log.joined(), QStringLiteral("a@0 b@10 c@20 d@30"));
        QCOMPARE(sem.available(), 1);
    }

    // A newcomer finding a permit free while others queue must not overtake them.
    void releasedPermitGoesToTheOldestWaiterNotANewcomer()
    {
        Loop loop;
        Semaphore sem(1);
        Log log;
        loop.spawn("holder", [&] { return holdPermit(sem, log, "holder", 10ms); });
        loop.spawn("waiter", [&] { return holdPermit(sem, log, "waiter", 10ms); });
        loop.spawn("newcomer", [&]() -> QCoro::Task<void> {
            co_await sleep(10ms); // arrives exactly when the holder releases
            co_await holdPermit(sem, log, "newcomer", 10ms);
        });
        loop.runToEnd();
        QCOMPARE(log.joined(), QStringLiteral("holder@0 waiter@10 newcomer@20"));
    }

    void cancelledWaiterDoesNotTakePermit()
    {
        Loop loop;
        Semaphore sem(1);
        Log log;
        loop.spawn("holder", [&] { return holdPermit(sem, log, "holder", 10ms); });
        auto victim = loop.spawn("victim", [&] { return holdPermit(sem, log, "victim", 10ms); });
        loop.spawn("last", [&] { return holdPermit(sem, log, "last", 10ms); });
        loop.spawn("canceller", [&]() -> QCoro::Task<void> {
            co_await sleep(5ms);
            victim.cancel();
        });
        loop.runToEnd();
        QCOMPARE(victim.status(), TaskStatus::Cancelled);
        QCOMPARE(log.joined(), QStringLiteral("holder@0 last@10"));
        QCOMPARE(sem.available(), 1);
        QCOMPARE(sem.waiting(), 0u);
    }

    // Cancelled after it was granted the permit but before it ran: it keeps the permit, the
    // Cancelled arrives at its next await, and the permit is released as it unwinds.
    void cancellationAfterGrantReleasesThePermitOnUnwind()
    {
        Loop loop;
        Semaphore sem(1);
        Log log;
        TaskHandle<void> waiter;
        loop.spawn("holder", [&]() -> QCoro::Task<void> {
            auto permit = co_await sem.acquire();
            co_await sleep(10ms);
            permit.release();   // grants the permit to the waiter...
            waiter.cancel();    // ...which is cancelled before it runs
        });
        waiter = loop.spawn("waiter", [&] { return holdPermit(sem, log, "waiter", 10ms); });
        loop.runToEnd();
        QCOMPARE(waiter.status(), TaskStatus::Cancelled);
        QCOMPARE(log.joined(), QStringLiteral("waiter@10"));
        QCOMPARE(sem.available(), 1);
    }

    void namedSemaphoreRecordsInUseAndQueued()
    {
        Loop loop;
        Log log;
        loop.spawn("main", [&]() -> QCoro::Task<void> {
            Semaphore sem(2, "db");
            std::vector<TaskHandle<void>> tasks;
            for (int i = 0; i < 5; ++i)
                tasks.push_back(spawn({"q", i}, [&] { return holdPermit(sem, log, "q", 10ms); }));
            for (auto &t : tasks)
                co_await t;
        });
        loop.runToEnd();
        QCOMPARE(loop.recorder().findGauge("db.in_use")->max, 2.0);
        QCOMPARE(loop.recorder().findGauge("db.queued")->max, 3.0);
        QCOMPARE(loop.recorder().findGauge("db.in_use")->last, 0.0);
    }

    void eventWakesEveryWaiterInOrder()
    {
        Loop loop;
        Event ready;
        Log log;
        for (const char *name : {"x", "y", "z"})
            loop.spawn(name, [&, name]() -> QCoro::Task<void> {
                co_await ready.wait();
                log.note(name);
            });
        loop.spawn("setter", [&]() -> QCoro::Task<void> {
            co_await sleep(15ms);
            ready.set();
        });
        loop.runToEnd();
        QCOMPARE(log.joined(), QStringLiteral("x@15 y@15 z@15"));
        QVERIFY(ready.isSet());
    }

    void channelSendWaitsWhenFullAndReceiveWhenEmpty()
    {
        Loop loop;
        Channel<int> ch(2);
        Log log;
        loop.spawn("producer", [&]() -> QCoro::Task<void> {
            for (int i = 0; i < 5; ++i) {
                co_await ch.send(i);
                log.note("sent" + std::to_string(i));
            }
            ch.close();
        });
        loop.spawn("consumer", [&]() -> QCoro::Task<void> {
            while (auto item = co_await ch.receive()) {
                log.note("got" + std::to_string(*item));
                co_await sleep(10ms);
            }
            log.note("closed");
        });
        loop.runToEnd();
        QCOMPARE(log.joined(), QStringLiteral("sent0@0 sent1@0 got0@0 sent2@0 got1@10 sent3@10 got2@20 sent4@20 "
                                              "got3@30 got4@40 closed@50"));
    }

    void closingAChannelFailsWaitingSenders()
    {
        Loop loop;
        Channel<int> ch(1);
        bool sawClosed = false;
        loop.spawn("sender", [&]() -> QCoro::Task<void> {
            co_await ch.send(1);
            try {
                co_await ch.send(2); // full: waits until the close
            } catch (const ChannelClosed &) {
                sawClosed = true;
            }
        });
        loop.spawn("closer", [&]() -> QCoro::Task<void> {
            co_await sleep(5ms);
            ch.close();
        });
        loop.runToEnd();
        QVERIFY(sawClosed);
        QCOMPARE(ch.size(), std::size_t(1)); // the buffered item is still there to drain
    }

    void cancelledReceiverTakesNoItem()
    {
        Loop loop;
        Channel<int> ch(4);
        std::vector<int> got;
        auto victim = loop.spawn("victim", [&]() -> QCoro::Task<void> {
            auto item = co_await ch.receive();
            got.push_back(-*item);
        });
        loop.spawn("survivor", [&]() -> QCoro::Task<void> {
            co_await sleep(1ms);
            auto item = co_await ch.receive();
            got.push_back(*item);
        });
        loop.spawn("driver", [&]() -> QCoro::Task<void> {
            co_await sleep(5ms);
            victim.cancel();
            co_await ch.send(7);
        });
        loop.runToEnd();
        QCOMPARE(victim.status(), TaskStatus::Cancelled);
        QCOMPARE(got, std::vector<int>{7});
    }
};

QTEST_GUILESS_MAIN(TestSync)
#include "tst_sync.moc"
