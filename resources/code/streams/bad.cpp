// The collect-all variant (scenarios/streams.cpp).
std::vector<std::uint64_t> all;
for (std::uint64_t i = 0; i < items; ++i) {
    co_await fetchItem(w, i);
    all.push_back(i);              // the whole stream in memory before the first result
}
for (auto i : all)
    co_await processItem(w, i);
