#ifndef BARRAGE_CLIBUV_SHIM_H
#define BARRAGE_CLIBUV_SHIM_H
// libuv, the event loop of every Barrage Worker, plus the few Linux calls the worker needs next to it.
//
// No _GNU_SOURCE here: it changes how glibc's headers define shared types (fd_set's fields), and Clang then
// refuses to import this module next to Dispatch's, which sees the plain definitions.
#include <pthread.h>
#include <sys/timerfd.h>
#include <uv.h>

// pthread_setname_np is a GNU extension that <pthread.h> declares only under _GNU_SOURCE: declare it, so
// worker threads get names that top and perf show.
extern int pthread_setname_np(pthread_t thread, const char *name);

static inline int barrage_set_thread_name(const char *name) {
    return pthread_setname_np(pthread_self(), name);
}

// timerfd (sub-millisecond timers on the loop): the flags are macros in some headers, so give them values here.
static const int BARRAGE_TFD_NONBLOCK = TFD_NONBLOCK;
static const int BARRAGE_TFD_CLOEXEC = TFD_CLOEXEC;
static const int BARRAGE_TFD_TIMER_ABSTIME = TFD_TIMER_ABSTIME;
#endif
