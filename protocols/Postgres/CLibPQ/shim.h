#ifndef BARRAGE_CLIBPQ_SHIM_H
#define BARRAGE_CLIBPQ_SHIM_H
// libpq, PostgreSQL's C client library (Debian's libpq-dev): the Postgres protocol's connection, queries and
// pipeline mode. Nothing is wrapped: libpq's API has no variadic calls or macros the Postgres client needs.
#include <libpq-fe.h>
#endif
