#include "executor.h"

#include "sleep.h"

#include <stdexcept>

namespace coro {

Executor::Executor(ExecutorConfig config)
    : config_(std::move(config)), workers_(config_.workers, config_.name), gil_(1)
{
    if (config_.workers < 1)
        throw std::invalid_argument("Executor: workers must be >= 1");
}

QCoro::Task<void> Executor::run(Duration cpu)
{
    Permit worker = co_await workers_.acquire();
    Permit gil;
    if (config_.gil)
        gil = co_await gil_.acquire();
    co_await sleep(cpu, WaitKind::Cpu);
}

} // namespace coro
