package roadmap

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
)

// gitIndex is the set of paths git tracks in a working tree, read from its
// index file (.git/index) without running git: the action's image has no
// git, but the checkout it runs on has the index.
type gitIndex struct {
	files map[string]bool // slash paths relative to the top of the working tree
	dirs  []string        // sparse-index directory entries, each ending in "/"
}

// tracked reports whether the slash path rel is in the index.
func (ix *gitIndex) tracked(rel string) bool {
	if ix.files[rel] {
		return true
	}
	for _, d := range ix.dirs {
		if strings.HasPrefix(rel, d) {
			return true
		}
	}
	return false
}

// readGitIndex reads the index of the working tree whose top is root. It
// returns nil when root has no readable index (not a git checkout, or a
// format it doesn't know): then nothing is said about tracking.
func readGitIndex(root string) *gitIndex {
	gitDir := filepath.Join(root, ".git")
	info, err := os.Stat(gitDir)
	if err != nil {
		return nil
	}
	if !info.IsDir() {
		// A worktree or submodule: .git is a file "gitdir: PATH".
		data, err := os.ReadFile(gitDir)
		if err != nil {
			return nil
		}
		line, ok := strings.CutPrefix(strings.TrimSpace(string(data)), "gitdir:")
		if !ok {
			return nil
		}
		gitDir = strings.TrimSpace(line)
		if !filepath.IsAbs(gitDir) {
			gitDir = filepath.Join(root, gitDir)
		}
	}
	data, err := os.ReadFile(filepath.Join(gitDir, "index"))
	if err != nil {
		return nil
	}
	// The index does not say how long object names are: SHA-1 (20 bytes)
	// is the rule, SHA-256 (32) the exception; try both.
	for _, hashLen := range []int{20, 32} {
		if ix, err := parseGitIndex(data, hashLen); err == nil {
			return ix
		}
	}
	return nil
}

var errIndexFormat = errors.New("not a git index this reader knows")

// parseGitIndex reads the entries of an index file, versions 2 to 4, as
// https://git-scm.com/docs/index-format describes it.
func parseGitIndex(data []byte, hashLen int) (*gitIndex, error) {
	if len(data) < 12 || string(data[:4]) != "DIRC" {
		return nil, errIndexFormat
	}
	version := binary.BigEndian.Uint32(data[4:8])
	if version < 2 || version > 4 {
		return nil, errIndexFormat
	}
	count := int(binary.BigEndian.Uint32(data[8:12]))
	ix := &gitIndex{files: make(map[string]bool, count)}
	const statLen = 40 // ctime, mtime, dev, ino, mode, uid, gid, size
	pos := 12
	var prev []byte
	for range count {
		start := pos
		if pos+statLen+hashLen+2 > len(data) {
			return nil, errIndexFormat
		}
		mode := binary.BigEndian.Uint32(data[pos+24 : pos+28])
		pos += statLen + hashLen
		flags := binary.BigEndian.Uint16(data[pos : pos+2])
		pos += 2
		if flags&0x4000 != 0 { // extended flags
			if version < 3 || pos+2 > len(data) {
				return nil, errIndexFormat
			}
			pos += 2
		}
		var name []byte
		if version == 4 {
			strip, n := binary.Uvarint(data[pos:])
			if n <= 0 || int(strip) > len(prev) {
				return nil, errIndexFormat
			}
			pos += n
			end := bytes.IndexByte(data[pos:], 0)
			if end < 0 {
				return nil, errIndexFormat
			}
			name = append(append([]byte(nil), prev[:len(prev)-int(strip)]...), data[pos:pos+end]...)
			pos += end + 1
		} else {
			end := bytes.IndexByte(data[pos:], 0)
			if end < 0 {
				return nil, errIndexFormat
			}
			name = data[pos : pos+end]
			// Entries are padded with 1 to 8 NULs to a multiple of 8 bytes.
			pos = start + (pos+end-start+8)&^7
			if pos > len(data) {
				return nil, errIndexFormat
			}
		}
		prev = name
		if mode&0o170000 == 0o040000 {
			ix.dirs = append(ix.dirs, strings.TrimSuffix(string(name), "/")+"/")
			continue
		}
		ix.files[string(name)] = true
	}
	return ix, nil
}
