/* Linked into the release binary only when it is linked against an older glibc
 * (SLEET_RELEASE_SYSROOT: Debian 11's glibc 2.31). The objects were compiled against Debian
 * 12's glibc 2.36 headers and GCC 12's libstdc++.a, which use three things glibc 2.31 lacks;
 * the linker names them (undefined references), and this file supplies each. The executable
 * does not export these definitions (no shared library asked for them at link time), so on a
 * newer glibc they serve sleet's own calls only and glibc keeps its own. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

/* glibc 2.32+. libstdc++ reads it to skip atomic reference counting while a process has one
 * thread. Kept 0 ("other threads may exist"): libstdc++ always takes the atomic path, correct
 * on every glibc and a few cycles slower. */
char __libc_single_threaded = 0;

/* glibc 2.34+. The development database's child processes close inherited descriptors with it
 * (src/db/local_cluster.cpp). The system call exists from Linux 5.9; on older kernels each
 * descriptor up to the process's limit is closed, which is what close_range does. */
int close_range(unsigned int first, unsigned int last, int flags) {
  long result = syscall(SYS_close_range, first, last, flags);
  if (result == 0 || errno != ENOSYS || flags != 0) return (int)result;
  struct rlimit limit;
  unsigned int end = last;
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY &&
      limit.rlim_cur - 1 < end)
    end = (unsigned int)(limit.rlim_cur - 1);
  for (unsigned int fd = first; fd <= end && fd >= first; ++fd) close((int)fd);
  return 0;
}

/* glibc 2.36+. GCC 12's std::random_device may draw from it (generated migration names, the
 * scratch schema names push uses); getrandom(2) is the same kernel source. */
uint32_t arc4random(void) {
  uint32_t value = 0;
  unsigned char* bytes = (unsigned char*)&value;
  size_t filled = 0;
  while (filled < sizeof value) {
    long got = syscall(SYS_getrandom, bytes + filled, sizeof value - filled, 0);
    if (got > 0)
      filled += (size_t)got;
    else if (got < 0 && errno != EINTR)
      break; /* no getrandom (Linux < 3.17): never the case where glibc 2.31 runs supported */
  }
  return value;
}
