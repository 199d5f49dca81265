/* sim/src/pages.c — page map over sim_hmap keyed by page index. The first page written is held
 * beside the map (pg->first), so a segment written within one page costs one allocation, not a
 * map as well. A page is SIM_PAGE_BYTES of contents followed by a bitmap of the bytes ever written
 * (bit i of byte i / 8, least significant first), which tells fresh bytes from written ones. */
#include "sim/pages.h"

#include "sim/alloc.h"

#include <stdlib.h>
#include <string.h>

void sim_pages_init(sim_pages *pg) {
    pg->first = NULL;
    pg->first_index = 0;
    sim_hmap_init(&pg->pages);
}

static void free_page(void *page, void *ctx) {
    (void)ctx;
    sim_free(page);
}

void sim_pages_free(sim_pages *pg) {
    sim_free(pg->first);
    pg->first = NULL;
    pg->first_index = 0;
    sim_hmap_clear(&pg->pages, free_page, NULL);
}

#define BITMAP_BYTES (SIM_PAGE_BYTES / 8u)

/* The page with this index, or NULL when it was never written. */
static unsigned char *page_at(const sim_pages *pg, uint64_t index) {
    if (pg->first && pg->first_index == index) return pg->first;
    return pg->pages.count ? sim_hmap_get_u64(&pg->pages, index) : NULL;
}

void sim_pages_read(const sim_pages *pg, uint64_t offset, void *out, size_t len) {
    unsigned char *dst = out;
    while (len > 0) {
        uint64_t index = offset / SIM_PAGE_BYTES;
        size_t within = (size_t)(offset % SIM_PAGE_BYTES);
        size_t n = SIM_PAGE_BYTES - within;
        if (n > len) n = len;
        const unsigned char *page = page_at(pg, index);
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
        unsigned char *page = page_at(pg, index);
        if (page == NULL) {
            page = sim_calloc(1, SIM_PAGE_BYTES + BITMAP_BYTES);
            if (page == NULL) return false;
            if (pg->first == NULL) {
                pg->first = page;
                pg->first_index = index;
            } else if (!sim_hmap_put_u64(&pg->pages, index, page)) {
                sim_free(page);
                return false;
            }
        }
        memcpy(page + within, src, n);
        unsigned char *written = page + SIM_PAGE_BYTES;
        for (size_t i = within; i < within + n; i++) written[i / 8] |= (unsigned char)(1u << (i % 8));
        src += n;
        offset += n;
        len -= n;
    }
    return true;
}

bool sim_pages_all_written(const sim_pages *pg, uint64_t offset, size_t len) {
    while (len > 0) {
        uint64_t index = offset / SIM_PAGE_BYTES;
        size_t within = (size_t)(offset % SIM_PAGE_BYTES);
        size_t n = SIM_PAGE_BYTES - within;
        if (n > len) n = len;
        const unsigned char *page = page_at(pg, index);
        if (page == NULL) return false;
        const unsigned char *written = page + SIM_PAGE_BYTES;
        for (size_t i = within; i < within + n;) {
            if (i % 8 == 0 && within + n - i >= 8) { /* a whole bitmap byte at once */
                if (written[i / 8] != 0xFF) return false;
                i += 8;
                continue;
            }
            if (!(written[i / 8] & (1u << (i % 8)))) return false;
            i++;
        }
        offset += n;
        len -= n;
    }
    return true;
}

size_t sim_pages_count(const sim_pages *pg) {
    return (pg->first != NULL) + pg->pages.count;
}
