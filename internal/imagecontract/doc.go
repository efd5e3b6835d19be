// Package imagecontract holds only tests: they check the contract between the
// repository and the places it runs that no Go code exercises — action.yml,
// the Dockerfile and .dockerignore of the container action, and the GitHub
// workflows — and that the binary the Dockerfile builds is static and runs
// on an empty root file system. They need Go only, no Docker.
package imagecontract
