#ifndef PICKLEVET_CSECCOMP_SHIM_H
#define PICKLEVET_CSECCOMP_SHIM_H

#include <seccomp.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

// prctl() is C-variadic, so Swift cannot call it.
static inline int sbx_set_no_new_privs(void) { return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); }

// The wait-status macros are function-like, so Swift does not import them.
static inline int sbx_wifexited(int status) { return WIFEXITED(status); }
static inline int sbx_wexitstatus(int status) { return WEXITSTATUS(status); }
static inline int sbx_wifsignaled(int status) { return WIFSIGNALED(status); }
static inline int sbx_wtermsig(int status) { return WTERMSIG(status); }

// glibc declares these only under _GNU_SOURCE, which Swift's Glibc module does not define.
extern int memfd_create(const char *name, unsigned int flags);
extern int pipe2(int pipefd[2], int flags);
extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);
extern char **environ;
static inline int sbx_memfd_create(const char *name) { return memfd_create(name, 1U /* MFD_CLOEXEC */); }
static inline int sbx_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }
static inline char **sbx_environ(void) { return environ; }

// SCMP_ACT_ERRNO(x) is a function-like macro.
static inline uint32_t sbx_act_errno(uint16_t code) { return SCMP_ACT_ERRNO(code); }

#endif
