// Benchmark helper (not a test): libcurl driven from C as well as Barrage drives it, to tell Barrage's own
// per-request cost from libcurl's. N easy handles loop keep-alive GETs of URL for SECONDS on libcurl's
// multi_socket API over libuv; prints the number of finished requests.
//
// Driven the "lazy" way (see docs/http.md): a socket's uv_poll_t lives from CURLOPT_OPENSOCKETFUNCTION to
// CURLOPT_CLOSESOCKETFUNCTION and stays started across CURL_POLL_REMOVE; NOSIGNAL, NOPROXY "*", one CURLU per
// handle. Environment toggles add Barrage's other options one by one (1 = on): GET (HTTPGET), FOLLOW
// (FOLLOWLOCATION, MAXREDIRS 10), TIMEOUT (TIMEOUT_MS 30000, CONNECTTIMEOUT_MS 10000), V2TLS
// (HTTP_VERSION_2TLS), COOKIES (COOKIEFILE ""), SHARE (a share handle per easy handle with cookies and
// connections), GETINFO (the ten curl_easy_getinfo calls Barrage makes per request).
//
//   cc -O2 -o curl_multi_uv bench/targets/curl_multi_uv.c -lcurl -luv
//   taskset -c 1 ./curl_multi_uv http://127.0.0.1:8080/100.txt 50 10
//   GET=1 FOLLOW=1 TIMEOUT=1 V2TLS=1 COOKIES=1 SHARE=1 GETINFO=1 taskset -c 1 ./curl_multi_uv URL 50 10
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

typedef struct {
    uv_poll_t handle;
    int fd;
    int wanted;     // CURL_POLL_* libcurl waits for; 0 after CURL_POLL_REMOVE
    int registered; // UV_* events the poll is started with
} Poll;

static uv_loop_t *loop;
static CURLM *multi;
static uv_timer_t timer;
static Poll *polls[65536];
static long finished;
static int inflight;
static int with_getinfo;
static double end_at;
static volatile long sink;

static int option(const char *name) {
    const char *value = getenv(name);
    return value && *value == '1';
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void read_info(CURL *easy) {
    curl_off_t a, b, c, d, e, f, g;
    long x, y, z;
    curl_easy_getinfo(easy, CURLINFO_NAMELOOKUP_TIME_T, &a);
    curl_easy_getinfo(easy, CURLINFO_CONNECT_TIME_T, &b);
    curl_easy_getinfo(easy, CURLINFO_APPCONNECT_TIME_T, &c);
    curl_easy_getinfo(easy, CURLINFO_PRETRANSFER_TIME_T, &d);
    curl_easy_getinfo(easy, CURLINFO_STARTTRANSFER_TIME_T, &e);
    curl_easy_getinfo(easy, CURLINFO_TOTAL_TIME_T, &f);
    curl_easy_getinfo(easy, CURLINFO_REQUEST_SIZE, &x);
    curl_easy_getinfo(easy, CURLINFO_HEADER_SIZE, &y);
    curl_easy_getinfo(easy, CURLINFO_SIZE_DOWNLOAD_T, &g);
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &z);
    sink += a + b + c + d + e + f + g + x + y + z;
}

static void collect(void) {
    CURLMsg *message;
    int pending;
    while ((message = curl_multi_info_read(multi, &pending))) {
        if (message->msg != CURLMSG_DONE) continue;
        CURL *easy = message->easy_handle;
        curl_multi_remove_handle(multi, easy);
        finished++;
        if (with_getinfo) read_info(easy);
        if (now() < end_at)
            curl_multi_add_handle(multi, easy);
        else if (--inflight == 0)
            uv_stop(loop);
    }
}

static void on_poll(uv_poll_t *handle, int status, int events) {
    Poll *poll = handle->data;
    if (!poll->wanted) { // readable between requests: stop until libcurl asks again
        uv_poll_stop(handle);
        poll->registered = 0;
        return;
    }
    int flags = 0;
    if (status < 0) {
        flags = CURL_CSELECT_ERR;
    } else {
        if (events & (UV_READABLE | UV_DISCONNECT)) flags |= CURL_CSELECT_IN;
        if (events & UV_WRITABLE) flags |= CURL_CSELECT_OUT;
    }
    int running;
    curl_multi_socket_action(multi, poll->fd, flags, &running);
    collect();
}

static void reg(Poll *poll, int events) {
    if (poll->registered == events) return;
    poll->registered = events;
    if (!events)
        uv_poll_stop(&poll->handle);
    else
        uv_poll_start(&poll->handle, events, on_poll);
}

static int on_socket(CURL *easy, curl_socket_t fd, int what, void *user, void *socket_user) {
    Poll *poll = polls[fd];
    if (!poll) return 0;
    if (what == CURL_POLL_REMOVE) { // keep the registration, unless it is a writable one
        poll->wanted = 0;
        if (poll->registered & UV_WRITABLE) reg(poll, 0);
        return 0;
    }
    poll->wanted = what;
    int events = 0;
    if (what & CURL_POLL_IN) events |= UV_READABLE;
    if (what & CURL_POLL_OUT) events |= UV_WRITABLE;
    reg(poll, events);
    return 0;
}

static curl_socket_t open_socket(void *user, curlsocktype purpose, struct curl_sockaddr *address) {
    int fd = socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
    if (fd >= 0 && fd < 65536) {
        Poll *poll = calloc(1, sizeof *poll);
        poll->fd = fd;
        uv_poll_init_socket(loop, &poll->handle, fd);
        poll->handle.data = poll;
        polls[fd] = poll;
    }
    return fd;
}

static void free_poll(uv_handle_t *handle) { free(handle->data); }

static int close_socket(void *user, curl_socket_t fd) {
    Poll *poll = polls[fd];
    if (poll) {
        polls[fd] = NULL;
        uv_poll_stop(&poll->handle);
        uv_close((uv_handle_t *)&poll->handle, free_poll);
    }
    close(fd);
    return 0;
}

static void on_timer(uv_timer_t *handle) {
    int running;
    curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running);
    collect();
}

static int on_timer_change(CURLM *m, long milliseconds, void *user) {
    if (milliseconds < 0)
        uv_timer_stop(&timer);
    else
        uv_timer_start(&timer, on_timer, milliseconds, 0);
    return 0;
}

static size_t drop_body(char *data, size_t size, size_t count, void *user) { return size * count; }

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s URL HANDLES SECONDS\n", argv[0]);
        return 2;
    }
    int handles = atoi(argv[2]);
    curl_global_init(CURL_GLOBAL_ALL);
    loop = uv_default_loop();
    multi = curl_multi_init();
    uv_timer_init(loop, &timer);
    curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, on_socket);
    curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, on_timer_change);
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, (long)handles * 4);
    with_getinfo = option("GETINFO");
    end_at = now() + atof(argv[3]);
    for (int i = 0; i < handles; i++) {
        CURL *easy = curl_easy_init();
        CURLU *url = curl_url();
        curl_url_set(url, CURLUPART_URL, argv[1], 0);
        curl_easy_setopt(easy, CURLOPT_CURLU, url);
        curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(easy, CURLOPT_NOPROXY, "*");
        curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, drop_body);
        curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, open_socket);
        curl_easy_setopt(easy, CURLOPT_CLOSESOCKETFUNCTION, close_socket);
        if (option("GET")) curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
        if (option("FOLLOW")) {
            curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L);
            curl_easy_setopt(easy, CURLOPT_MAXREDIRS, 10L);
        }
        if (option("TIMEOUT")) {
            curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, 30000L);
            curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
        }
        if (option("V2TLS")) curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
        if (option("COOKIES")) curl_easy_setopt(easy, CURLOPT_COOKIEFILE, "");
        if (option("SHARE")) {
            CURLSH *share = curl_share_init();
            curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE);
            curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
            curl_easy_setopt(easy, CURLOPT_SHARE, share);
        }
        curl_multi_add_handle(multi, easy);
        inflight++;
    }
    uv_run(loop, UV_RUN_DEFAULT);
    printf("%ld\n", finished);
    return 0;
}
