/* sim/src/pages.c — page map over sim_hmap keyed by page index. */
#include "sim/pages.h"

#include <stdlib.h>
#include <string.h>

void sim_pages_init(sim_pages *pg) {
    sim_hmap_init(&pg->pages);
}

static void free_page(void *page, void *ctx) {
    (void)ctx;
    free(page);
}

void sim_pages_free(sim_pages *pg) {
    sim_hmap_clear(&pg->pages, free_page, NULL);
}

void sim_pages_read(const sim_pages *pg, uint64_t offset, void *out, size_t len) {
    unsigned char *dst = out;
    while (len > 0) {
        uint64_t index = offset / SIM_PAGE_BYTES;
        size_t within = (size_t)(offset % SIM_PAGE_BYTES);
        size_t n = SIM_PAGE_BYTES - within;
        if (n > len) n = len;
        const unsigned char *page = sim_hmap_get_u64(&pg->pages, index);
        if (page) memcpy(dst, page + within, n);
        else memset(dst, 0, n);
        dst += n;
        offset += n;
        len -= n;
    }
}

bool sim_pages_write(sim_pages *pg, uint64_t offset, const void *data, size_t len) {
    const unsigned char *src = data;
    while (len > 0) {
        uint64_t index = offset / SIM_PAGE_BYTES;
        size_t within = (size_t)(offset % SIM_PAGE_BYTES);
        size_t n = SIM_PAGE_BYTES - within;
        if (n > len) n = len;
        unsigned char *page = sim_hmap_get_u64(&pg->pages, index);
        if (page == NULL) {
            page = calloc(1, SIM_PAGE_BYTES);
            if (page == NULL) return false;
            if (!sim_hmap_put_u64(&pg->pages, index, page)) {
                free(page);
                return false;
            }
        }
        memcpy(page + within, src, n);
        src += n;
        offset += n;
        len -= n;
    }
    return true;
}

size_t sim_pages_count(const sim_pages *pg) {
    return pg->pages.count;
}
