// The on-loop variant (scenarios/executor.cpp): CPU work called from a coroutine.
blockLoop(cpu);   // the loop's thread computes; timers, requests and heartbeats wait
