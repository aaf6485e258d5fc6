// What the simulation runs (scenarios/streams.cpp), trimmed.
for (std::uint64_t i = 0; i < w.items; ++i) {
    co_await fetchItem(w, i);     // asked for only now  //@ channel@main
    setBuffered(w, 1);            // one item in memory at a time
    co_await processItem(w, i);   // no fetching meanwhile  //@ io@main
    setBuffered(w, 0);
}
