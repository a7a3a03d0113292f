#ifndef BARRAGE_CCURL_SHIM_H
#define BARRAGE_CCURL_SHIM_H

// libcurl for Barrage's HTTP client (Debian's libcurl4-openssl-dev).
//
// curl_easy_setopt, curl_multi_setopt and curl_easy_getinfo are C variadic functions, which Swift cannot
// call. Each wrapper below fixes one argument type, so Swift sees an ordinary typed function. Macros that
// Swift does not import (casts, expressions) are exposed as constants.

// The type-checking macros of typecheck-gcc.h would wrap the calls below in GCC statement expressions.
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>
#include <curl/header.h>

// MARK: easy options

/// curl_easy_setopt for options taking a `long` (flags, sizes, timeouts in ms); variadic in C.
static inline CURLcode barrage_curl_easy_setopt_long(CURL *easy, CURLoption option, long value) {
    return curl_easy_setopt(easy, option, value);
}

/// curl_easy_setopt for options taking a `curl_off_t` (the `_LARGE` sizes); variadic in C.
static inline CURLcode barrage_curl_easy_setopt_off_t(CURL *easy, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(easy, option, value);
}

/// curl_easy_setopt for options taking a pointer (strings, which libcurl copies; lists; CURLU; user data);
/// variadic in C.
static inline CURLcode barrage_curl_easy_setopt_pointer(CURL *easy, CURLoption option, const void *value) {
    return curl_easy_setopt(easy, option, value);
}

/// The type of CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION callbacks.
typedef size_t (*barrage_curl_write_callback)(char *data, size_t size, size_t count, void *user);

/// curl_easy_setopt for the write and header callbacks: a function pointer must be passed as one, not as
/// `void *`; variadic in C.
static inline CURLcode barrage_curl_easy_setopt_write_callback(
    CURL *easy, CURLoption option, barrage_curl_write_callback callback) {
    return curl_easy_setopt(easy, option, callback);
}

/// The type of a CURLOPT_OPENSOCKETFUNCTION callback.
typedef curl_socket_t (*barrage_curl_opensocket_callback)(void *user, curlsocktype purpose,
                                                          struct curl_sockaddr *address);

/// curl_easy_setopt for CURLOPT_OPENSOCKETFUNCTION; variadic in C.
static inline CURLcode barrage_curl_easy_setopt_opensocket_callback(
    CURL *easy, barrage_curl_opensocket_callback callback) {
    return curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, callback);
}

/// The type of a CURLOPT_CLOSESOCKETFUNCTION callback.
typedef int (*barrage_curl_closesocket_callback)(void *user, curl_socket_t socket);

/// curl_easy_setopt for CURLOPT_CLOSESOCKETFUNCTION; variadic in C.
static inline CURLcode barrage_curl_easy_setopt_closesocket_callback(
    CURL *easy, barrage_curl_closesocket_callback callback) {
    return curl_easy_setopt(easy, CURLOPT_CLOSESOCKETFUNCTION, callback);
}

// MARK: multi options

/// curl_multi_setopt for options taking a `long`; variadic in C.
static inline CURLMcode barrage_curl_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}

/// curl_multi_setopt for options taking a pointer (callback user data); variadic in C.
static inline CURLMcode barrage_curl_multi_setopt_pointer(CURLM *multi, CURLMoption option, void *value) {
    return curl_multi_setopt(multi, option, value);
}

/// curl_multi_setopt for CURLMOPT_SOCKETFUNCTION; variadic in C.
static inline CURLMcode barrage_curl_multi_setopt_socket_callback(CURLM *multi, curl_socket_callback callback) {
    return curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, callback);
}

/// curl_multi_setopt for CURLMOPT_TIMERFUNCTION; variadic in C.
static inline CURLMcode barrage_curl_multi_setopt_timer_callback(CURLM *multi, curl_multi_timer_callback callback) {
    return curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, callback);
}

// MARK: share options

/// curl_share_setopt for CURLSHOPT_SHARE / CURLSHOPT_UNSHARE, which take a `curl_lock_data`; variadic in C.
static inline CURLSHcode barrage_curl_share_setopt_lock_data(CURLSH *share, CURLSHoption option, curl_lock_data data) {
    return curl_share_setopt(share, option, data);
}

// MARK: info

/// curl_easy_getinfo for `long` results (status code, sizes, errno); variadic in C.
static inline CURLcode barrage_curl_easy_getinfo_long(CURL *easy, CURLINFO info, long *value) {
    return curl_easy_getinfo(easy, info, value);
}

/// curl_easy_getinfo for `curl_off_t` results (the `_T` times in microseconds, sizes); variadic in C.
static inline CURLcode barrage_curl_easy_getinfo_off_t(CURL *easy, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(easy, info, value);
}

/// curl_easy_getinfo for pointer results (CURLINFO_PRIVATE, strings); variadic in C.
static inline CURLcode barrage_curl_easy_getinfo_pointer(CURL *easy, CURLINFO info, void **value) {
    return curl_easy_getinfo(easy, info, value);
}

/// The run-time libcurl's version as 0xXXYYZZ: curl_version_info's struct is versioned by a macro
/// (CURLVERSION_NOW) Swift does not import.
static inline unsigned int barrage_curl_version_num(void) {
    return curl_version_info(CURLVERSION_NOW)->version_num;
}

// MARK: constants Swift does not import (their macros contain casts or expressions)

/// CURL_SOCKET_TIMEOUT: the socket argument of curl_multi_socket_action for "a timeout expired".
static const curl_socket_t barrage_CURL_SOCKET_TIMEOUT = CURL_SOCKET_TIMEOUT;
/// CURL_SOCKET_BAD: what an open-socket callback returns when it failed.
static const curl_socket_t barrage_CURL_SOCKET_BAD = CURL_SOCKET_BAD;
/// CURL_GLOBAL_DEFAULT for curl_global_init.
static const long barrage_CURL_GLOBAL_DEFAULT = CURL_GLOBAL_DEFAULT;
/// CURLAUTH_BASIC for CURLOPT_HTTPAUTH.
static const long barrage_CURLAUTH_BASIC = (long)CURLAUTH_BASIC;
/// CURLAUTH_BEARER for CURLOPT_HTTPAUTH.
static const long barrage_CURLAUTH_BEARER = (long)CURLAUTH_BEARER;
/// CURL_REDIR_POST_ALL for CURLOPT_POSTREDIR.
static const long barrage_CURL_REDIR_POST_ALL = CURL_REDIR_POST_ALL;

#endif
