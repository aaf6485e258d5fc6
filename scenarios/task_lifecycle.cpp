// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Practice 7: own the tasks you start.
//
// A service starts `workers` background tasks; each works in steps and now and then hits an
// error. At `shutdown_s` the service shuts down; a cancelled worker needs `cleanup_ms` to
// finish what it was doing (flush, release, acknowledge). Three ways to manage the workers:
// - fire and forget: create_task and drop the handle. Nobody sees their errors, and when
//   main returns the program ends with the workers still running (orphans, no cleanup);
// - the guide's TaskManager, transcribed: tasks are tracked and cancel_all() cancels them and
//   waits; but finished tasks are removed by a done callback without anyone looking at their
//   exception, and cancel_all()'s gather results are dropped, so errors are still lost;
// - a TaskGroup whose workers report their own errors and carry on: shutdown cancels the
//   group and waits for every cleanup; nothing is lost, nothing is orphaned.
#include "common.h"

#include "engine/gather.h"
#include "engine/sleep.h"
#include "engine/task_group.h"

namespace scenarios {

using namespace coro;
using namespace std::chrono_literals;

namespace {

struct WorkerError : std::runtime_error, coro::CountedException {
    WorkerError() : std::runtime_error("worker step failed") {}
};

struct Config {
    int steps = 0;
    Duration step{};
    Duration cleanup{};
    double failureRate = 0;
    KeyedRandom random{1};
};

/// Keeps the "workers_running" gauge right however a worker ends.
class Running {
public:
    Running() { adjust(+1); }
    ~Running() { adjust(-1); }
    Running(const Running &) = delete;
    Running &operator=(const Running &) = delete;

private:
    static void adjust(double d)
    {
        Recorder &rec = Loop::running().recorder();
        rec.adjust(rec.gauge("workers_running"), now(), d);
    }
};

// Each step is a request of the run's outcomes: ok when done, failed when it raises (handled
// or not), cancelled when shutdown cancels it; a step still running at exit is unfinished.
QCoro::Task<void> step(const Config &c, std::uint64_t worker, std::uint64_t k)
{
    const Time start = now();
    issue();
    bool cancelled = false;
    try {
        co_await sleep(c.step, WaitKind::Io);
    } catch (const Cancelled &) {
        cancelled = true;
    }
    if (cancelled) {
        answer(Answer::Cancelled, start);
        throw Cancelled();
    }
    if (c.random.bernoulli(c.failureRate, {ServiceStream, worker, k})) {
        answer(Answer::Failed, start);
        throw WorkerError();
    }
    count("steps_done");
    answer(Answer::Ok, start);
}

QCoro::Task<void> cleanupAfterCancel(const Config &c)
{
    co_await sleep(c.cleanup, WaitKind::Io); // flush, release, acknowledge
    count("cleanups");
}

// Fire-and-forget and the guide's workers: an error ends the worker.
QCoro::Task<void> worker(const Config &c, std::uint64_t id)
{
    Running running;
    bool cancelled = false;
    try {
        for (int k = 0; k < c.steps; ++k)
            co_await step(c, id, std::uint64_t(k));
    } catch (const Cancelled &) {
        cancelled = true;
    }
    if (cancelled) {
        co_await cleanupAfterCancel(c);
        throw Cancelled();
    }
}

// The structured variant's workers handle their own errors and carry on.
QCoro::Task<void> resilientWorker(const Config &c, std::uint64_t id)
{
    Running running;
    bool cancelled = false;
    for (int k = 0; k < c.steps && !cancelled; ++k) {
        try {
            co_await step(c, id, std::uint64_t(k));
        } catch (const WorkerError &) {
            count("errors_handled"); // logged with the worker and step: nothing is lost
        } catch (const Cancelled &) {
            cancelled = true;
        }
    }
    if (cancelled) {
        co_await cleanupAfterCancel(c);
        throw Cancelled();
    }
}

/// The failed tasks among these whose exceptions nobody retrieves: asyncio logs each one ("Task
/// exception was never retrieved") once the task is dropped, and that log is all there is; the
/// program never gets them to act on. Counted, and marked so on the timeline.
std::uint64_t errorsOnlyLogged(const std::vector<TaskHandle<void>> &tasks)
{
    std::uint64_t n = 0;
    for (const auto &t : tasks)
        if (t.status() == TaskStatus::Failed) {
            ++n;
            Loop::running().recorder().setOutcome(t.state().id(), TaskOutcome::Unretrieved);
        }
    return n;
}

/// What every variant starts from: the workers' configuration. The program exits when main
/// returns, as a real one does.
Config &prepare(RunContext &ctx)
{
    const Params &p = ctx.params;
    Config &c = ctx.make<Config>();
    c.steps = p.integer("steps");
    c.step = fromSeconds(p.number("step_ms") / 1000.0);
    c.cleanup = fromSeconds(p.number("cleanup_ms") / 1000.0);
    c.failureRate = p.number("failure_rate");
    c.random = ctx.random;
    ctx.endWithMain = true;
    return c;
}

Duration shutdownAt(const RunContext &ctx) { return fromSeconds(ctx.params.number("shutdown_s")); }

// The bad variant: start the workers and keep no reference to them.
QCoro::Task<void> fireAndForget(RunContext &ctx)
{
    Config &c = prepare(ctx);
    std::vector<TaskHandle<void>> seenOnlyByTheSimulation; // the code under test keeps none
    for (int i = 0; i < ctx.params.integer("workers"); ++i)
        seenOnlyByTheSimulation.push_back(spawn({"worker", i}, [&c, i] { return worker(c, std::uint64_t(i)); }));
    co_await sleep(shutdownAt(ctx));
    std::uint64_t orphans = 0;
    for (const auto &t : seenOnlyByTheSimulation)
        orphans += !t.done();
    ctx.extraMetrics.push_back({"orphaned_tasks", double(orphans)});
    ctx.extraMetrics.push_back({"errors_only_logged", double(errorsOnlyLogged(seenOnlyByTheSimulation))});
    ctx.extraMetrics.push_back({"shutdown_time_s", 0});
}

// The guide's TaskManager, step for step: tracked and cancelled, but failures dropped unseen.
QCoro::Task<void> guideTaskManager(RunContext &ctx)
{
    Config &c = prepare(ctx);
    std::vector<TaskHandle<void>> tasks; // self.tasks
    for (int i = 0; i < ctx.params.integer("workers"); ++i)
        tasks.push_back(spawn({"worker", i}, [&c, i] { return worker(c, std::uint64_t(i)); }));
    co_await sleep(shutdownAt(ctx));
    const std::vector<TaskHandle<void>> everyTask = tasks;
    // The done callbacks have removed every finished task from self.tasks, failures
    // included, without retrieving their exceptions.
    std::erase_if(tasks, [](const TaskHandle<void> &t) { return t.done(); });
    const Time shutdown = now();
    for (auto &t : tasks) // cancel_all()
        if (!t.done())
            t.cancel();
    co_await gather(tasks, returnExceptions); // results dropped: exceptions not looked at
    tasks.clear();
    ctx.extraMetrics.push_back({"orphaned_tasks", 0});
    ctx.extraMetrics.push_back({"errors_only_logged", double(errorsOnlyLogged(everyTask))});
    ctx.extraMetrics.push_back({"shutdown_time_s", toSeconds(now() - shutdown)});
}

// The good variant: a TaskGroup of workers that report their own errors.
QCoro::Task<void> taskGroup(RunContext &ctx)
{
    Config &c = prepare(ctx);
    TaskGroup &group = ctx.make<TaskGroup>();
    for (int i = 0; i < ctx.params.integer("workers"); ++i)
        group.spawn({"worker", i}, [&c, i] { return resilientWorker(c, std::uint64_t(i)); });
    co_await sleep(shutdownAt(ctx));
    const Time shutdown = now();
    group.cancel();
    co_await group.wait(); // every cleanup has run when this returns
    ctx.extraMetrics.push_back({"orphaned_tasks", 0});
    ctx.extraMetrics.push_back({"errors_only_logged", 0});
    ctx.extraMetrics.push_back({"shutdown_time_s", toSeconds(now() - shutdown)});
}

} // namespace

Scenario taskLifecycleScenario()
{
    Scenario s;
    s.id = "task-lifecycle";
    s.practice = 7;
    s.group = "concurrency control";
    s.title = "Task lifecycle and shutdown";
    s.summary = "Fire-and-forget tasks lose their errors and are orphaned at exit; tracked tasks "
                "can still lose errors; a task group sees every one and shuts down cleanly.";
    s.parameters = {
        {"workers", "Background workers", "", NumericRange{1, 10'000, 20, 1}},
        {"steps", "Steps per worker", "", NumericRange{1, 100'000, 50, 1}},
        {"step_ms", "Time per step", "ms", NumericRange{1, 10'000, 100, 1}},
        {"failure_rate", "Failure probability per step", "", NumericRange{0, 1, 0.02, 0.005}},
        {"shutdown_s", "Shut down at", "s", NumericRange{0.1, 3600, 3, 0.1}},
        {"cleanup_ms", "Cleanup when cancelled", "ms", NumericRange{0, 10'000, 200, 1}},
    };
    s.variants = {{"fire-and-forget", "Fire and forget", Role::Bad, fireAndForget},
                  {"guide-task-manager", "The guide's TaskManager, as written", Role::Neutral, guideTaskManager},
                  {"task-group", "TaskGroup, workers report their errors", Role::Good, taskGroup}};
    s.metrics = {headline({.id = "errors_only_logged", .label = "errors only logged", .better = Better::Lower}),
                 headline({.id = "orphaned_tasks", .label = "tasks orphaned at exit", .better = Better::Lower}),
                 {.id = "errors_handled", .label = "errors handled", .better = Better::Higher, .absentMeansZero = true},
                 {.id = "cleanups", .label = "cleanups run", .better = Better::Higher, .absentMeansZero = true},
                 {.id = "shutdown_time_s", .label = "shutdown time", .unit = Unit::Seconds},
                 {.id = "steps_done", .label = "steps done"}, metric("makespan_s")};
    s.chartSignals = {{.id = "workers_running", .label = "workers running"}};
    s.questions = {{"{workers} workers are fired and forgotten, and the program exits at {shutdown_s} s. How many of their errors end up only in asyncio's log, never handled by the program?", "fire-and-forget", "errors_only_logged", 0.2, 1, "Nobody holds the fired tasks, so nobody looks at their exceptions: every worker that failed before the exit is a line in the log, and nothing more."},
                   {"With a TaskGroup, how many?", "task-group", "errors_only_logged", 0, 0.5, "The task group's workers handle their own errors and carry on, and the group waits for every one of them: no error is left for the log."}};
    s.narrate = [](const Scenario::Story &st) {
        const double orphaned = st.number("orphaned_tasks"), lost = st.number("errors_only_logged");
        std::string text = "shutdown: ";
        if (orphaned == 0 && lost == 0)
            text += "every worker cancelled and cleaned up, " + saidCount(st.number("errors_handled")) + " errors handled";
        else
            text += saidCount(orphaned) + " workers orphaned, " + saidCount(lost) + " errors only logged, never retrieved";
        return std::vector<Mark>{{st.params.number("shutdown_s"), "verdict", text}};
    };
    return s;
}

} // namespace scenarios
