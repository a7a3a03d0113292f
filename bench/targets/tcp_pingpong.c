// tcp_pingpong: the native floor for bench/tcp.sh, a plain C epoll TCP ping-pong client.
//
// Opens CONNS connections to HOST:PORT (an IPv4 literal; loopback in the benchmark), and keeps one
// SIZE-byte message in flight on each: write it, read until the whole echo is back, record the latency,
// write again. Level-triggered epoll, each socket registered once for EPOLLIN. Stops after SECONDS.
// Prints, one "key value" per line: round_trips, seconds, rate, p50_us, p99_us, errors.
//
// Usage: tcp_pingpong HOST PORT CONNS SIZE SECONDS
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

// Latency histogram: 1 us buckets up to 1 s; anything slower lands in the last bucket.
#define HIST_US 1000000
static uint64_t histogram[HIST_US + 1];

static uint64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

struct connection {
  int fd;
  size_t received;   // bytes of the current echo received so far
  uint64_t sent_at;  // when the current message was written
};

static int send_message(struct connection *c, const char *msg, size_t size) {
  size_t off = 0;
  while (off < size) {
    ssize_t w = write(c->fd, msg + off, size - off);
    if (w > 0) { off += (size_t)w; continue; }
    if (w < 0 && errno == EINTR) continue;
    return -1;  // a 16..64k message into an empty socket buffer does not block on loopback
  }
  return 0;
}

static uint64_t percentile_us(uint64_t total, double fraction) {
  uint64_t want = (uint64_t)((double)total * fraction);
  if (want == 0) want = 1;
  uint64_t seen = 0;
  for (uint64_t us = 0; us <= HIST_US; us++) {
    seen += histogram[us];
    if (seen >= want) return us;
  }
  return HIST_US;
}

int main(int argc, char **argv) {
  if (argc != 6) { fprintf(stderr, "usage: %s HOST PORT CONNS SIZE SECONDS\n", argv[0]); return 2; }
  const char *host = argv[1];
  int port = atoi(argv[2]), conns = atoi(argv[3]);
  long size = atol(argv[4]);
  double seconds = atof(argv[5]);
  if (port <= 0 || port > 65535 || conns < 1 || conns > 100000 || size < 1 || size > 1048576 || seconds <= 0 ||
      seconds > 3600) {
    fprintf(stderr, "bad arguments\n");
    return 2;
  }
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons((uint16_t)port);
  if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) { fprintf(stderr, "HOST must be an IPv4 literal\n"); return 2; }

  char *msg = malloc((size_t)size);
  size_t bufsize = (size_t)size > 65536 ? (size_t)size : 65536;
  char *buf = malloc(bufsize);
  struct connection *c = calloc((size_t)conns, sizeof *c);
  if (!msg || !buf || !c) { fprintf(stderr, "out of memory\n"); return 1; }
  memset(msg, 'p', (size_t)size);

  int ep = epoll_create1(EPOLL_CLOEXEC);
  int one = 1;
  for (int i = 0; i < conns; i++) {
    c[i].fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);  // blocking connect, then non-blocking I/O
    if (c[i].fd < 0 || connect(c[i].fd, (struct sockaddr *)&addr, sizeof addr) != 0) { perror("connect"); return 1; }
    setsockopt(c[i].fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct epoll_event ev = { .events = EPOLLIN, .data.u32 = (uint32_t)i };
    if (epoll_ctl(ep, EPOLL_CTL_ADD, c[i].fd, &ev) != 0) { perror("epoll_ctl"); return 1; }
  }

  uint64_t start = now_ns(), end = start + (uint64_t)(seconds * 1e9), t = start;
  uint64_t round_trips = 0, errors = 0;
  for (int i = 0; i < conns; i++) {
    c[i].sent_at = now_ns();
    if (send_message(&c[i], msg, (size_t)size) != 0) { perror("write"); return 1; }
  }
  struct epoll_event events[512];
  while (t < end) {
    int n = epoll_wait(ep, events, 512, 100);
    if (n < 0) { if (errno == EINTR) continue; perror("epoll_wait"); return 1; }
    t = now_ns();
    for (int k = 0; k < n; k++) {
      struct connection *x = &c[events[k].data.u32];
      ssize_t r = read(x->fd, buf, bufsize);
      if (r <= 0) {
        if (r < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        fprintf(stderr, "connection closed by the server\n");
        errors++;
        epoll_ctl(ep, EPOLL_CTL_DEL, x->fd, NULL);
        continue;
      }
      x->received += (size_t)r;
      while (x->received >= (size_t)size) {
        x->received -= (size_t)size;
        round_trips++;
        uint64_t us = (t - x->sent_at) / 1000;
        histogram[us > HIST_US ? HIST_US : us]++;
        if (t < end) {
          x->sent_at = t;
          if (send_message(x, msg, (size_t)size) != 0) { errors++; break; }
        }
      }
    }
  }
  double elapsed = (double)(now_ns() - start) / 1e9;
  printf("round_trips %llu\nseconds %.3f\nrate %.0f\np50_us %llu\np99_us %llu\nerrors %llu\n",
         (unsigned long long)round_trips, elapsed, (double)round_trips / elapsed,
         (unsigned long long)percentile_us(round_trips, 0.50), (unsigned long long)percentile_us(round_trips, 0.99),
         (unsigned long long)errors);
  for (int i = 0; i < conns; i++) close(c[i].fd);
  return errors ? 1 : 0;
}
