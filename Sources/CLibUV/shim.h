#ifndef BARRAGE_CLIBUV_SHIM_H
#define BARRAGE_CLIBUV_SHIM_H
// libuv, the event loop of every Barrage Worker. Only the public header; Swift calls it directly.
#include <uv.h>
#endif
