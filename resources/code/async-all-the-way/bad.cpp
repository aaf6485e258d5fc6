// The blocking variant (scenarios/async_all_the_way.cpp): a synchronous call on the loop.
blockLoop(blockingCall);          // user = requests.get(...): nothing else runs meanwhile
co_await fetch(w, ordersKey);     // orders = await fetch_orders_async(...)
