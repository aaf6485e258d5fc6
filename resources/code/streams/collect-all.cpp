// What the simulation runs (scenarios/streams.cpp), trimmed.
std::vector<std::uint64_t> all;
for (std::uint64_t i = 0; i < w.items; ++i) {
    co_await fetchItem(w, i);   // the stream's next item  //@ channel@main
    all.push_back(i);           // all of it in memory first
}
for (std::uint64_t i : all)
    co_await processItem(w, i);   //@ io@main
