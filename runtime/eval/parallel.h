// The threads of `--jobs N`: a fixed set of workers that run one body each (worker 0 on the
// calling thread), on stacks as large as the main thread's (RunWithLargeStack), so that the
// evaluators' depth limits, not the platform's default thread stack, decide on every thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

namespace srm::rt {

// The stack of every thread that compiles or evaluates (256 MiB of address space; only the
// pages used are committed).
inline constexpr size_t kLargeStackBytes = size_t{256} << 20;

// The most threads --jobs asks for.
inline constexpr uint32_t kMaxJobs = 1024;

// --jobs by default: the cores std::thread::hardware_concurrency() reports (at least 1, at most
// kMaxJobs).
uint32_t DefaultJobs();

// Calls body(w) for every worker w in [0, jobs): worker 0 on the calling thread, the others on
// threads of kLargeStackBytes, and returns when all bodies have returned. Bodies share work
// through their own synchronisation (e.g. an atomic counter of work items), so a worker whose
// thread cannot be created is only missing: the others do its share. An exception a body
// throws is rethrown here once every body has ended (the lowest worker's first).
void RunWorkers(uint32_t jobs, const std::function<void(uint32_t worker)>& body);

}  // namespace srm::rt
