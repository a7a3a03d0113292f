// tcp_echo_server: a small single-threaded epoll TCP echo server, the target of bench/tcp.sh.
//
// Listens on 127.0.0.1 only (loopback), level-triggered epoll, echoes every byte back on the same
// connection. Port 0 picks a free port; the chosen port is printed as "port N" on stdout (flushed) once the
// server accepts connections. It runs until SIGTERM/SIGINT or until MAX_SECONDS have passed, whichever comes
// first, so a forgotten server cannot outlive its benchmark.
//
// Usage: tcp_echo_server PORT MAX_SECONDS
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BUF_SIZE 65536
#define MAX_EVENTS 256

static volatile sig_atomic_t stopping = 0;
static void on_signal(int sig) { (void)sig; stopping = 1; }

static double monotonic_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

// Writes all of buf (blocking briefly on a full send buffer is not expected for small echoes; if the
// socket would block, the rest is dropped and the connection closed, which a benchmark would notice).
static int write_all(int fd, const char *buf, size_t len) {
  while (len > 0) {
    ssize_t w = write(fd, buf, len);
    if (w > 0) { buf += w; len -= (size_t)w; continue; }
    if (w < 0 && errno == EINTR) continue;
    return -1;
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: %s PORT MAX_SECONDS\n", argv[0]); return 2; }
  int port = atoi(argv[1]);
  double max_seconds = atof(argv[2]);
  if (port < 0 || port > 65535 || max_seconds <= 0) { fprintf(stderr, "bad arguments\n"); return 2; }

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);

  int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (lfd < 0) { perror("socket"); return 1; }
  int one = 1;
  setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons((uint16_t)port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) != 0) { perror("bind"); return 1; }
  if (listen(lfd, 1024) != 0) { perror("listen"); return 1; }
  socklen_t alen = sizeof addr;
  getsockname(lfd, (struct sockaddr *)&addr, &alen);

  int ep = epoll_create1(EPOLL_CLOEXEC);
  if (ep < 0) { perror("epoll_create1"); return 1; }
  struct epoll_event ev = { .events = EPOLLIN, .data.fd = lfd };
  epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);

  printf("port %d\n", ntohs(addr.sin_port));
  fflush(stdout);

  static char buf[BUF_SIZE];
  struct epoll_event events[MAX_EVENTS];
  double end = monotonic_seconds() + max_seconds;
  while (!stopping && monotonic_seconds() < end) {
    int n = epoll_wait(ep, events, MAX_EVENTS, 200);
    if (n < 0) { if (errno == EINTR) continue; perror("epoll_wait"); return 1; }
    for (int i = 0; i < n; i++) {
      int fd = events[i].data.fd;
      if (fd == lfd) {
        for (;;) {
          int c = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
          if (c < 0) break;  // EAGAIN: accepted everything pending
          setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          struct epoll_event cev = { .events = EPOLLIN | EPOLLRDHUP, .data.fd = c };
          if (epoll_ctl(ep, EPOLL_CTL_ADD, c, &cev) != 0) close(c);
        }
        continue;
      }
      ssize_t r = read(fd, buf, sizeof buf);
      if (r > 0) {
        if (write_all(fd, buf, (size_t)r) != 0) { epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL); close(fd); }
      } else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
        epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
        close(fd);
      }
    }
  }
  return 0;
}
