// ws_pingpong: the reference floor for bench/websocket.sh, a plain C libwebsockets client on a libuv loop that
// lws uses as a foreign loop (as Barrage does: one loop, lws's handles on it).
//
// pingpong mode: opens CONNS connections to ws://HOST:PORT/PATH and keeps one SIZE-byte text message in flight
// on each: send it, receive the whole echo, record the latency, send again. The next message is written straight
// from the receive callback with lws_write (no WRITEABLE callback per message, which costs an epoll_ctl pair on
// libuv), refilling the connection's own buffer with LWS_PRE headroom each time (lws masks in place). Counting
// starts when every connection is open and lasts SECONDS.
// Prints, one "key value" per line: connections, round_trips, seconds, rate, p50_us, p99_us, errors.
//
// idle mode: opens CONNS connections, holds them without traffic for SECONDS, then prints connections,
// rss_kb (VmRSS while holding) and errors.
//
// Usage: ws_pingpong pingpong|idle HOST PORT PATH CONNS SIZE SECONDS
#include <uv.h>
#include <libwebsockets.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define HIST_US 1000000
static uint64_t histogram[HIST_US + 1];

struct connection {
  struct lws *wsi;
  uint64_t sent_at;
  size_t received;
  unsigned char *buffer;  // LWS_PRE + size
};

static struct connection *connections;
static int wanted, established, errors, idle_mode, counting, done;
static size_t size;
static double seconds;
static uint64_t round_trips, started_at;
static uv_loop_t loop;
static uv_timer_t ticker;

static uint64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static void send_message(struct connection *c) {
  memset(c->buffer + LWS_PRE, 'm', size);
  c->sent_at = now_ns();
  if (lws_write(c->wsi, c->buffer + LWS_PRE, size, LWS_WRITE_TEXT) < (int)size) errors++;
}

static int callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len) {
  struct connection *c = (struct connection *)user;
  switch (reason) {
  case LWS_CALLBACK_CLIENT_ESTABLISHED:
    c->wsi = wsi;
    established++;
    if (!idle_mode) send_message(c);
    return 0;
  case LWS_CALLBACK_CLIENT_RECEIVE:
    c->received += len;
    if (c->received >= size && lws_is_final_fragment(wsi)) {
      c->received = 0;
      if (counting) {
        uint64_t us = (now_ns() - c->sent_at) / 1000;
        histogram[us > HIST_US ? HIST_US : us]++;
        round_trips++;
      }
      if (!done) send_message(c);
    }
    return 0;
  case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
    errors++;
    fprintf(stderr, "connection error: %s\n", in ? (const char *)in : "?");
    return 0;
  case LWS_CALLBACK_CLIENT_CLOSED:
    if (!done) errors++;
    return 0;
  default:
    return lws_callback_http_dummy(wsi, reason, user, in, len);
  }
}

static uint64_t percentile_us(uint64_t total, double fraction) {
  uint64_t want = (uint64_t)((double)total * fraction), seen = 0;
  if (want == 0) want = 1;
  for (uint64_t us = 0; us <= HIST_US; us++) {
    seen += histogram[us];
    if (seen >= want) return us;
  }
  return HIST_US;
}

static long rss_kb(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long kb = -1;
  while (f && fgets(line, sizeof line, f))
    if (!strncmp(line, "VmRSS:", 6)) kb = atol(line + 6);
  if (f) fclose(f);
  return kb;
}

static void tick(uv_timer_t *timer) {
  (void)timer;
  uint64_t now = now_ns();
  if (!started_at) {
    if (established + errors < wanted) return;
    started_at = now;
    counting = 1;
    return;
  }
  if ((double)(now - started_at) / 1e9 < seconds) return;
  done = 1;
  if (idle_mode) {
    printf("connections %d\nrss_kb %ld\nerrors %d\n", established, rss_kb(), errors);
  } else {
    double elapsed = (double)(now - started_at) / 1e9;
    printf("connections %d\nround_trips %llu\nseconds %.3f\nrate %.0f\np50_us %llu\np99_us %llu\nerrors %d\n",
           established, (unsigned long long)round_trips, elapsed, (double)round_trips / elapsed,
           (unsigned long long)percentile_us(round_trips, 0.50),
           (unsigned long long)percentile_us(round_trips, 0.99), errors);
  }
  fflush(stdout);
  _exit(0);  // a benchmark client: the kernel closes the sockets
}

int main(int argc, char **argv) {
  if (argc != 8) {
    fprintf(stderr, "usage: %s pingpong|idle HOST PORT PATH CONNS SIZE SECONDS\n", argv[0]);
    return 2;
  }
  idle_mode = !strcmp(argv[1], "idle");
  const char *host = argv[2], *path = argv[4];
  int port = atoi(argv[3]);
  wanted = atoi(argv[5]);
  size = (size_t)atol(argv[6]);
  seconds = atof(argv[7]);
  if (port <= 0 || port > 65535 || wanted < 1 || wanted > 100000 || size < 1 || size > 65536 || seconds <= 0) {
    fprintf(stderr, "bad arguments\n");
    return 2;
  }
  lws_set_log_level(LLL_ERR, NULL);
  uv_loop_init(&loop);
  static struct lws_protocols protocols[] = {
      {"bench", callback, 0, 2048, 0, NULL, 0},
      {NULL, NULL, 0, 0, 0, NULL, 0},
  };
  struct lws_context_creation_info info;
  memset(&info, 0, sizeof info);
  void *loops[1] = {&loop};
  info.port = CONTEXT_PORT_NO_LISTEN;
  info.protocols = protocols;
  info.options = LWS_SERVER_OPTION_LIBUV;
  info.foreign_loops = loops;
  info.timeout_secs = 600;  // lws's 5 s wait for the upgrade answer closes slow handshakes silently
  info.connect_timeout_secs = 600;
  struct lws_context *context = lws_create_context(&info);
  if (!context) {
    fprintf(stderr, "lws_create_context failed\n");
    return 1;
  }
  connections = calloc((size_t)wanted, sizeof *connections);
  char hostheader[64];
  snprintf(hostheader, sizeof hostheader, "%s:%d", host, port);
  for (int i = 0; i < wanted; i++) {
    connections[i].buffer = malloc(LWS_PRE + size);
    struct lws_client_connect_info ci;
    memset(&ci, 0, sizeof ci);
    ci.context = context;
    ci.address = host;
    ci.port = port;
    ci.path = path;
    ci.host = hostheader;
    ci.origin = hostheader;
    ci.ietf_version_or_minus_one = -1;
    ci.local_protocol_name = "bench";
    ci.userdata = &connections[i];
    if (!lws_client_connect_via_info(&ci)) errors++;
  }
  uv_timer_init(&loop, &ticker);
  uv_timer_start(&ticker, tick, 10, 10);
  uv_run(&loop, UV_RUN_DEFAULT);
  return 0;
}
