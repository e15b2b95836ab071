#include "runtime/eval/parallel.h"

#include <pthread.h>

#include <algorithm>
#include <exception>
#include <thread>
#include <vector>

namespace srm::rt {

uint32_t DefaultJobs() {
  unsigned cores = std::thread::hardware_concurrency();
  return std::clamp<uint32_t>(cores, 1, kMaxJobs);
}

namespace {

struct Worker {
  const std::function<void(uint32_t)>* body = nullptr;
  uint32_t index = 0;
  std::exception_ptr error;
};

void RunBody(Worker& w) {
  try {
    (*w.body)(w.index);
  } catch (...) {
    w.error = std::current_exception();
  }
}

void* WorkerThread(void* p) {
  RunBody(*static_cast<Worker*>(p));
  return nullptr;
}

}  // namespace

void RunWorkers(uint32_t jobs, const std::function<void(uint32_t worker)>& body) {
  jobs = std::max<uint32_t>(jobs, 1);
  std::vector<Worker> workers(jobs);
  std::vector<pthread_t> threads;
  pthread_attr_t attr;
  bool attr_ok = pthread_attr_init(&attr) == 0;
  if (attr_ok && pthread_attr_setstacksize(&attr, kLargeStackBytes) != 0) {
    pthread_attr_destroy(&attr);
    attr_ok = false;
  }
  for (uint32_t i = 0; i < jobs; ++i) {
    workers[i].body = &body;
    workers[i].index = i;
    // Without a large stack a worker could overflow where the calling thread would not: then
    // it is missing, and the calling thread does its share.
    if (i == 0 || !attr_ok) continue;
    pthread_t thread;
    if (pthread_create(&thread, &attr, WorkerThread, &workers[i]) == 0) threads.push_back(thread);
  }
  if (attr_ok) pthread_attr_destroy(&attr);
  RunBody(workers[0]);
  for (pthread_t thread : threads) pthread_join(thread, nullptr);
  for (const Worker& w : workers) {
    if (w.error) std::rethrow_exception(w.error);
  }
}

}  // namespace srm::rt
