#ifndef BARRAGE_CLIBWEBSOCKETS_SHIM_H
#define BARRAGE_CLIBWEBSOCKETS_SHIM_H

// libwebsockets for Barrage's WebSocket client (Debian's libwebsockets-dev 4.1, built with LWS_WITH_LIBUV; the
// libuv event library is the plugin libwebsockets-evlib-uv, which the -dev package pulls in).
//
// Swift does not import macros that are expressions (LWS_PRE, LWS_TO_KILL_SYNC) nor the creation of a context on
// a foreign libuv loop, whose option struct wants a `void **` of loops and an extension table that must outlive the
// context. The wrappers below give those a typed form; nothing else is wrapped.

// <uv.h> first: without it the lws_uv_* declarations of libwebsockets.h are missing.
#include <uv.h>
#include <libwebsockets.h>
#include <string.h>

/// LWS_PRE: the headroom lws_write needs before the payload, for the frame header.
static inline size_t barrage_lws_pre(void) { return LWS_PRE; }

/// The name of Barrage's one lws protocol, which every connection binds to locally.
static inline const char *barrage_lws_protocol_name(void) { return "barrage"; }

/// LWS_TO_KILL_SYNC for lws_set_timeout: close the connection now, from outside a callback.
static inline void barrage_lws_kill_now(struct lws *wsi) {
    lws_set_timeout(wsi, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_SYNC);
}

/// The permessage-deflate extension table (RFC 7692), offered by the vhost that compresses. Static: lws keeps the
/// pointer for the vhost's life.
static inline const struct lws_extension *barrage_lws_deflate_extensions(void) {
    static const struct lws_extension extensions[] = {
        {"permessage-deflate", lws_extension_callback_pm_deflate,
         "permessage-deflate; client_no_context_takeover; client_max_window_bits"},
        {NULL, NULL, NULL},
    };
    return extensions;
}

/// Makes a client-only context whose default vhost does not compress, on the caller's libuv loop (a foreign loop:
/// lws adds its handles to `loop` and never runs or stops it). `protocols` must outlive the context.
static inline struct lws_context *barrage_lws_create_context(uv_loop_t *loop, const struct lws_protocols *protocols) {
    struct lws_context_creation_info info;
    void *loops[1] = {loop};
    memset(&info, 0, sizeof info);
    info.port = CONTEXT_PORT_NO_LISTEN;
    info.protocols = protocols;
    // No LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT: the default vhost would load the system's CA store (hundreds of ms,
    // on the worker's thread) for connections that may never use TLS. `wss` uses vhosts made on first use.
    info.options = LWS_SERVER_OPTION_LIBUV;
    info.foreign_loops = loops;
    info.vhost_name = "barrage";
    // lws's own waits (5 s for the server's upgrade answer) would close a slow handshake without a callback; every
    // step has its own timeout, so lws's are set far beyond them.
    info.timeout_secs = 3600;
    info.connect_timeout_secs = 3600;
    // 0: lws sizes its descriptor table from `ulimit -n`; a lower limit makes socket lookup linear.
    info.fd_limit_per_thread = 0;
    return lws_create_context(&info);
}

/// Adds a vhost named `name` to `context` for connections that use TLS (`tls`: it loads the system's CA store)
/// and/or offer permessage-deflate (`deflate`).
static inline struct lws_vhost *barrage_lws_create_vhost(struct lws_context *context,
                                                         const struct lws_protocols *protocols, const char *name,
                                                         int tls, int deflate) {
    struct lws_context_creation_info info;
    memset(&info, 0, sizeof info);
    info.port = CONTEXT_PORT_NO_LISTEN;
    info.protocols = protocols;
    info.options = tls ? LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT : 0;
    info.vhost_name = name;
    info.timeout_secs = 3600;
    info.connect_timeout_secs = 3600;
    info.extensions = deflate ? barrage_lws_deflate_extensions() : NULL;
    return lws_create_vhost(context, &info);
}

/// Adds a request header while lws builds the handshake (LWS_CALLBACK_CLIENT_APPEND_HANDSHAKE_HEADER: `in` is the
/// write position, `len` the room left). `name` ends with a colon. Returns nonzero when it does not fit.
static inline int barrage_lws_append_header(struct lws *wsi, const char *name, const char *value, int length,
                                            void *in, size_t room) {
    unsigned char **position = (unsigned char **)in;
    unsigned char *end = *position + room - 1;
    return lws_add_http_header_by_name(wsi, (const unsigned char *)name, (const unsigned char *)value, length,
                                       position, end);
}

#endif
