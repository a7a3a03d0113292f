#ifndef BARRAGE_CLIBUV_SHIM_H
#define BARRAGE_CLIBUV_SHIM_H
// libuv, the event loop of every Barrage Worker, plus the few Linux calls the worker needs next to it.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <pthread.h>
#include <sys/timerfd.h>
#include <uv.h>

// pthread_setname_np is a GNU extension Glibc's Swift overlay does not show: name worker threads for top/perf.
static inline int barrage_set_thread_name(const char *name) {
    return pthread_setname_np(pthread_self(), name);
}

// timerfd (sub-millisecond timers on the loop): the flags are macros in some headers, so give them values here.
static const int BARRAGE_TFD_NONBLOCK = TFD_NONBLOCK;
static const int BARRAGE_TFD_CLOEXEC = TFD_CLOEXEC;
static const int BARRAGE_TFD_TIMER_ABSTIME = TFD_TIMER_ABSTIME;
#endif
