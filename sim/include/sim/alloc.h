/* sim/alloc.h — every allocation of the model goes through one hook (the lua_Alloc pattern).
 *
 * sim/ never calls malloc, calloc, realloc, strdup or free directly: it calls the wrappers below, which
 * call the installed sim_alloc_fn (the C library by default). A test installs a hook that fails the Nth
 * allocation and counts live blocks, to prove that every allocation failure ends in a clean error with
 * nothing leaked and nothing crashed (SQLite's and Lua's out-of-memory testing).
 *
 * The hook is process-wide and not synchronised: install it before building a world, from the thread
 * that drives the model. sim_alloc_failures() counts the requests the hook refused since the process
 * started, so a caller can tell "the model ran out of memory during this call" from a modelled
 * failure (a backend compares the count before and after a call). */
#ifndef SIM_ALLOC_H
#define SIM_ALLOC_H

#include <stddef.h>
#include <stdint.h>

/* One function for the three operations, as lua_Alloc: ptr NULL and size > 0 allocates; ptr non-NULL
 * and size > 0 resizes (the old block stays valid when it returns NULL); size 0 frees ptr and returns
 * NULL. ud is the pointer given to sim_alloc_set_hook. */
typedef void *(*sim_alloc_fn)(void *ud, void *ptr, size_t size);

/* Installs fn (NULL restores the C library); returns nothing. Blocks allocated under one hook must be
 * freed under a hook that understands them: switch hooks only when the model holds no memory. */
void sim_alloc_set_hook(sim_alloc_fn fn, void *ud);

/* Requests the hook refused (returned NULL for size > 0) since the process started. */
uint64_t sim_alloc_failures(void);

/* The C library's semantics, through the hook. sim_calloc fails (NULL, counted) when n * size
 * overflows; sim_strdup copies a NUL-terminated string; sim_free(NULL) does nothing. */
void *sim_malloc(size_t size);
void *sim_calloc(size_t n, size_t size);
void *sim_realloc(void *ptr, size_t size);
char *sim_strdup(const char *s);
void sim_free(void *ptr);

#endif
