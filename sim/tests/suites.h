/* sim/tests/suites.h — the Check suites of the sim module, one per test file, added by main.c.
 *
 * Each test_<module>.c exports exactly one constructor; the runner owns the returned suites. */
#ifndef SIM_TESTS_SUITES_H
#define SIM_TESTS_SUITES_H

#include <check.h>

Suite *queue_suite(void);     /* test_queue.c: the event queue's ordering, limit and peek */
Suite *prng_suite(void);      /* test_prng.c: xoshiro256** / splitmix64, sub-seeds, below() */
Suite *hmap_suite(void);      /* test_hmap.c: put/get/remove, growth, tombstones, clear */
Suite *pages_suite(void);     /* test_pages.c: sparse page contents */
Suite *namespace_suite(void); /* test_namespace.c: namespaces, object lifetime, handle tables */
Suite *addrspace_suite(void); /* test_addrspace.c: view placement, lookup and limits */
Suite *iwin32_suite(void);    /* test_iwin32.c: the IWIN32.* clauses through a sim_world */
Suite *rtx64_suite(void);     /* test_rtx64.c: the RTX64.* Rt* calls from RTSS and Windows processes */
Suite *rtk_suite(void);       /* test_rtk.c: the RTK.* driver calls (instances, open, create, close) */
Suite *kernel_suite(void);    /* test_kernel.c: kernel.stop/start (SIM.KERNEL.*, RTK.INSTANCE.GENERATION) */
Suite *ntx_suite(void);       /* test_ntx.c: the NTX.* calls, the pointer cache, topology (TOPO.*, NTX.CONTACT) */
Suite *intime_suite(void);    /* test_intime.c: the RT.* calls and the INtime kernel object table */
Suite *family_suite(void);    /* test_family.c: the family table, sim_world_check, SIM_ASSERT firing */

#endif
