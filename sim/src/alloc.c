/* sim/src/alloc.c — the allocation hook of the model (sim/alloc.h). */
#include "sim/alloc.h"

#include <stdlib.h>
#include <string.h>

/* The C library behind the sim_alloc_fn signature. */
static void *libc_alloc(void *ud, void *ptr, size_t size) {
    (void)ud;
    if (size == 0) {
        free(ptr);
        return NULL;
    }
    return realloc(ptr, size);
}

static sim_alloc_fn hook = libc_alloc;
static void *hook_ud;
static uint64_t failures;

void sim_alloc_set_hook(sim_alloc_fn fn, void *ud) {
    hook = fn ? fn : libc_alloc;
    hook_ud = fn ? ud : NULL;
}

uint64_t sim_alloc_failures(void) {
    return failures;
}

/* Asks the hook for size bytes at ptr (NULL: a new block); counts a refusal. */
static void *request(void *ptr, size_t size) {
    if (size == 0) size = 1; /* a zero-byte request is a real (tiny) block, never a free */
    void *p = hook(hook_ud, ptr, size);
    if (p == NULL) failures++;
    return p;
}

void *sim_malloc(size_t size) {
    return request(NULL, size);
}

void *sim_calloc(size_t n, size_t size) {
    if (size != 0 && n > SIZE_MAX / size) {
        failures++;
        return NULL;
    }
    void *p = request(NULL, n * size);
    if (p) memset(p, 0, n * size);
    return p;
}

void *sim_realloc(void *ptr, size_t size) {
    return request(ptr, size);
}

char *sim_strdup(const char *s) {
    size_t len = strlen(s) + 1;
    char *copy = request(NULL, len);
    if (copy) memcpy(copy, s, len);
    return copy;
}

void sim_free(void *ptr) {
    if (ptr) hook(hook_ud, ptr, 0);
}
