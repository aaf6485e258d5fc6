// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The one list of scenarios, in practice order. Each scenario file defines its factory.
#include "scenario.h"

namespace scenarios {

Scenario asyncAllTheWayScenario();
Scenario gatherScenario();
Scenario resourceCleanupScenario();
Scenario batchingScenario();
Scenario executorScenario();
Scenario semaphoreScenario();
Scenario timeoutsScenario();
Scenario retryScenario();
Scenario streamsScenario();
Scenario taskLifecycleScenario();
Scenario rateLimitScenario();
Scenario circuitBreakerScenario();

const std::vector<Scenario> &registry()
{
    static const std::vector<Scenario> all = [] {
        std::vector<Scenario> list;
        list.push_back(asyncAllTheWayScenario());
        list.push_back(gatherScenario());
        list.push_back(resourceCleanupScenario());
        list.push_back(semaphoreScenario());
        list.push_back(timeoutsScenario());
        list.push_back(retryScenario());
        list.push_back(taskLifecycleScenario());
        list.push_back(streamsScenario());
        list.push_back(executorScenario());
        list.push_back(batchingScenario());
        list.push_back(rateLimitScenario());
        list.push_back(circuitBreakerScenario());
        return list;
    }();
    return all;
}

} // namespace scenarios
