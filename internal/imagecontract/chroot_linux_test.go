package imagecontract

import (
	"errors"
	"os"
	"os/exec"
	"syscall"
	"testing"
)

// runInRoot runs argv with rootfs as its root folder, its working folder /
// and an empty environment, as `unshare --user --map-root-user --mount
// --root=ROOTFS --wd=/` would: in a new user and mount namespace, so that no
// privilege is needed, else (user namespaces unavailable) with a plain
// chroot when the test runs as root, else it skips the test. It fails the
// test unless the program exits 0; it returns the combined output and the
// method used.
func runInRoot(t *testing.T, rootfs string, argv ...string) (output, method string) {
	t.Helper()
	attempts := []struct {
		name string
		attr *syscall.SysProcAttr
	}{
		{"user namespace, as unshare --user --map-root-user --mount --root", &syscall.SysProcAttr{
			Chroot:                     rootfs,
			Cloneflags:                 syscall.CLONE_NEWUSER | syscall.CLONE_NEWNS,
			UidMappings:                []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getuid(), Size: 1}},
			GidMappings:                []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getgid(), Size: 1}},
			GidMappingsEnableSetgroups: false,
		}},
	}
	if os.Geteuid() == 0 {
		attempts = append(attempts, struct {
			name string
			attr *syscall.SysProcAttr
		}{"chroot as root", &syscall.SysProcAttr{Chroot: rootfs}})
	}
	var reasons []error
	for _, a := range attempts {
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Dir = "/" // inside the new root: the chroot comes first
		cmd.Env = []string{}
		cmd.SysProcAttr = a.attr
		out, err := cmd.CombinedOutput()
		var ee *exec.ExitError
		switch {
		case err == nil:
			return string(out), a.name
		case errors.As(err, &ee):
			t.Fatalf("%v in an empty root (%s): %v\n%s", argv, a.name, err, out)
		case errors.Is(err, syscall.EPERM), errors.Is(err, syscall.EACCES), errors.Is(err, syscall.EINVAL),
			errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.ENOSYS), errors.Is(err, syscall.EUSERS):
			// The namespace or chroot is not allowed here: try the next way.
			reasons = append(reasons, errors.New(a.name+": "+err.Error()))
		default:
			// Started but could not exec, e.g. ENOENT: the binary or its loader is missing from the root.
			t.Fatalf("%v in an empty root (%s): %v", argv, a.name, err)
		}
	}
	if os.Geteuid() != 0 {
		reasons = append(reasons, errors.New("chroot: not running as root"))
	}
	t.Skipf("cannot run the binary in an empty root here: %v", errors.Join(reasons...))
	return "", ""
}
