// The no-timeout variant (scenarios/timeouts.cpp).
co_await w.service.call(i);   // if the service hangs, so does this task, for ever
