#include <check.h>
Suite *emu_suite(void);
Suite *emu_suite(void) { return suite_create("emu"); }
