// Command releasetool is what .github/workflows/release.yml runs with
// `go run ./internal/release/releasetool`:
//
//	git tag --list | releasetool prepare -version v1.2.3 -repository OWNER/NAME >> "$GITHUB_OUTPUT"
//	releasetool pin-image -repository OWNER/NAME -digest sha256:… action.yml
//
// prepare checks the version and prints, as NAME=VALUE lines for the job's
// outputs: version, major (the tag to move, empty for a pre-release),
// prerelease, previous (the release the notes start after), image and
// image-tags. pin-image rewrites action.yml for the release commit so that
// it runs the pushed image instead of building the Dockerfile.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/roadmap-as-code/roadmap/internal/release"
)

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "releasetool:", err)
		}
		os.Exit(1)
	}
}

const usage = `usage:
  git tag --list | releasetool prepare -version vX.Y.Z -repository OWNER/NAME
  releasetool pin-image -repository OWNER/NAME -digest sha256:HEX [action.yml]`

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New(usage)
	}
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	repository := fs.String("repository", "", "the GitHub repository, OWNER/NAME (the workflow's GITHUB_REPOSITORY)")
	switch args[0] {
	case "prepare":
		version := fs.String("version", "", "the version to release, vX.Y.Z or vX.Y.Z-PRERELEASE")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if fs.NArg() > 0 {
			return fmt.Errorf("prepare takes no arguments; it reads the existing tags on standard input\n%s", usage)
		}
		tags, err := readLines(stdin)
		if err != nil {
			return fmt.Errorf("reading the tags: %w", err)
		}
		return prepare(*version, *repository, tags, stdout)
	case "pin-image":
		digest := fs.String("digest", "", "the digest of the pushed image index, sha256:HEX")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		file := "action.yml"
		switch fs.NArg() {
		case 0:
		case 1:
			file = fs.Arg(0)
		default:
			return fmt.Errorf("pin-image takes one file\n%s", usage)
		}
		return pinImage(file, *repository, *digest, stdout)
	}
	return fmt.Errorf("unknown command %q\n%s", args[0], usage)
}

func prepare(tag, repository string, tags []string, stdout io.Writer) error {
	v, err := release.ParseVersion(tag)
	if err != nil {
		return err
	}
	if v.Exists(tags) {
		return fmt.Errorf("tag %s exists already: pick the next version", v.Tag)
	}
	image, err := release.ImageName(repository)
	if err != nil {
		return err
	}
	major := ""
	imageTags := []string{image + ":" + strings.TrimPrefix(v.Tag, "v")}
	if !v.Prerelease() {
		major = v.MajorTag()
		imageTags = append(imageTags, image+":"+major)
	}
	_, err = fmt.Fprintf(stdout, "version=%s\nmajor=%s\nprerelease=%t\nprevious=%s\nimage=%s\nimage-tags=%s\n",
		v.Tag, major, v.Prerelease(), v.Previous(tags), image, strings.Join(imageTags, ","))
	return err
}

func pinImage(file, repository, digest string, stdout io.Writer) error {
	image, err := release.PinnedImage(repository, digest)
	if err != nil {
		return err
	}
	src, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	out, err := release.PinImage(src, image)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	fi, err := os.Stat(file)
	if err != nil {
		return err
	}
	if err := os.WriteFile(file, out, fi.Mode().Perm()); err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "%s: runs.image: %s\n", file, image)
	return err
}

func readLines(r io.Reader) ([]string, error) {
	var lines []string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			lines = append(lines, l)
		}
	}
	return lines, sc.Err()
}
