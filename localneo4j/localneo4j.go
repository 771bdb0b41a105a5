// Package localneo4j runs orgnet's own Neo4j: Neo4j Community embedded in a
// small Java launcher (LocalNeo4j.java) with its Bolt connector on, from jars
// that Maven resolves once into orgnet's cache. No Docker, no server package:
// Java 17 and Maven are all it needs. It reads no environment variables: its
// caller says where the cache and the JDK are (cmd/orgnet from ORGNET_CACHE
// and JAVA_HOME, see docs/configuration.md).
package localneo4j

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

//go:embed pom.xml LocalNeo4j.java
var launcherFiles embed.FS

// dependencyPlugin is pinned so that a fresh machine resolves the same way.
const dependencyPlugin = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath"

// Options says where and how to run a local Neo4j.
type Options struct {
	Port      int    // Bolt port on 127.0.0.1
	DataDir   string // the store; created if missing
	CacheDir  string // jars and Maven's local repository; DefaultCacheDir() if empty
	PageCache string // Neo4j page cache, e.g. "256m"; DefaultPageCache if empty
	Heap      string // JVM heap, e.g. "1g"
	Password  string // non-empty: authentication on, user neo4j with this password
	JavaHome  string // the JDK to run; empty: java on the PATH
	// Output receives the database's own output lines and progress; nil
	// discards them.
	Output io.Writer
}

// DefaultPageCache is the page cache of a database whose options name none.
const DefaultPageCache = "256m"

// URI is the Bolt address of the database these options run.
func (o Options) URI() string { return fmt.Sprintf("bolt://127.0.0.1:%d", o.Port) }

// DefaultCacheDir is orgnet's folder in the user cache: where the jars go
// when the caller names no cache.
func DefaultCacheDir() string {
	if dir, err := os.UserCacheDir(); err == nil {
		return filepath.Join(dir, "orgnet")
	}
	return filepath.Join(os.TempDir(), "orgnet-cache")
}

func (o *Options) defaults() {
	if o.CacheDir == "" {
		o.CacheDir = DefaultCacheDir()
	}
	if o.PageCache == "" {
		o.PageCache = DefaultPageCache
	}
	if o.Heap == "" {
		o.Heap = "1g"
	}
	if o.Output == nil {
		o.Output = io.Discard
	}
}

// Prepare makes sure the launcher and Neo4j's jars are in the cache, asking
// Maven for them on first use (about 150 MB from Maven Central), and returns
// the launcher's folder and the Java classpath.
func Prepare(ctx context.Context, cacheDir string, progress io.Writer) (launcherDir, classpath string, err error) {
	pom, _ := launcherFiles.ReadFile("pom.xml")
	src, _ := launcherFiles.ReadFile("LocalNeo4j.java")
	sum := sha256.Sum256(append(append([]byte{}, pom...), src...))
	launcherDir = filepath.Join(cacheDir, "launcher-"+hex.EncodeToString(sum[:6]))
	cpFile := filepath.Join(launcherDir, "classpath.txt")
	if cp, err := os.ReadFile(cpFile); err == nil && jarsPresent(string(cp)) {
		return launcherDir, string(cp), nil
	}
	if err := os.MkdirAll(launcherDir, 0o755); err != nil {
		return "", "", err
	}
	for name, content := range map[string][]byte{"pom.xml": pom, "LocalNeo4j.java": src} {
		if err := os.WriteFile(filepath.Join(launcherDir, name), content, 0o644); err != nil {
			return "", "", err
		}
	}
	fmt.Fprintf(progress, "orgnet: resolving Neo4j's jars with Maven into %s (first use only)...\n", cacheDir)
	started := time.Now()
	tmp := cpFile + ".tmp"
	cmd := exec.CommandContext(ctx, "mvn", "-B", "--no-transfer-progress", "-q",
		"-Dmaven.repo.local="+filepath.Join(cacheDir, "m2"),
		"-f", filepath.Join(launcherDir, "pom.xml"),
		dependencyPlugin, "-Dmdep.outputFile="+tmp)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return "", "", fmt.Errorf("maven could not resolve Neo4j's jars (%w):\n%s", err, tail(out.String(), 40))
	}
	if err := os.Rename(tmp, cpFile); err != nil {
		return "", "", err
	}
	cp, err := os.ReadFile(cpFile)
	if err != nil {
		return "", "", err
	}
	fmt.Fprintf(progress, "orgnet: Neo4j's jars are ready (%s)\n", time.Since(started).Round(100*time.Millisecond))
	return launcherDir, string(cp), nil
}

func jarsPresent(classpath string) bool {
	jars := filepath.SplitList(strings.TrimSpace(classpath))
	for _, jar := range jars {
		if _, err := os.Stat(jar); err != nil {
			return false
		}
	}
	return len(jars) > 0
}

func tail(s string, lines int) string {
	all := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	return strings.Join(all, "\n")
}

// Command is the java command that runs the database in the foreground.
// Its flags are those Neo4j's own server starts with.
func Command(ctx context.Context, o Options) (*exec.Cmd, error) {
	o.defaults()
	if o.Port <= 0 || o.DataDir == "" {
		return nil, errors.New("localneo4j: a port and a data folder are required")
	}
	java := "java"
	if o.JavaHome != "" {
		java = filepath.Join(o.JavaHome, "bin", "java")
	} else if _, err := exec.LookPath(java); err != nil {
		return nil, errors.New("localneo4j: java not found; install a JDK 17 or set JAVA_HOME")
	}
	launcherDir, classpath, err := Prepare(ctx, o.CacheDir, o.Output)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(o.DataDir, 0o755); err != nil {
		return nil, err
	}
	data, err := filepath.Abs(o.DataDir)
	if err != nil {
		return nil, err
	}
	args := []string{
		"-Xms" + o.Heap, "-Xmx" + o.Heap,
		"-XX:+UseG1GC", "-XX:-OmitStackTraceInFastThrow", "-XX:+UnlockExperimentalVMOptions",
		"-XX:+TrustFinalNonStaticFields", "-XX:+DisableExplicitGC",
		"-Djdk.nio.maxCachedBufferSize=1024", "-Dio.netty.tryReflectionSetAccessible=true",
		"-Dlog4j2.disable.jmx=true", "-Dfile.encoding=UTF-8",
		"--add-opens=java.base/java.nio=ALL-UNNAMED",
		"--add-opens=java.base/java.io=ALL-UNNAMED",
		"--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
		"--enable-native-access=ALL-UNNAMED",
		"-cp", strings.TrimSpace(classpath),
		filepath.Join(launcherDir, "LocalNeo4j.java"),
		"--port", strconv.Itoa(o.Port), "--data", data, "--pagecache", o.PageCache,
	}
	if o.Password != "" {
		args = append(args, "--password", o.Password)
	}
	cmd := exec.CommandContext(ctx, java, args...)
	// The database stops cleanly on SIGTERM; make sure it gets one even if
	// the process that started it dies first.
	// Its own process group keeps a terminal's Ctrl-C away from it: it must
	// see exactly one SIGTERM, from whoever started it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM, Setpgid: true}
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 60 * time.Second
	return cmd, nil
}

// Server is a local Neo4j started by Start.
type Server struct {
	URI  string // bolt://127.0.0.1:port
	cmd  *exec.Cmd
	done chan error
}

// Start runs a local Neo4j in the background and returns once Bolt answers.
func Start(ctx context.Context, o Options) (*Server, error) {
	o.defaults()
	cmd, err := Command(context.WithoutCancel(ctx), o)
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = o.Output
	started := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("localneo4j: start java: %w", err)
	}
	s := &Server{URI: o.URI(), cmd: cmd, done: make(chan error, 1)}
	ready := make(chan struct{})
	go func() {
		lines := bufio.NewScanner(stdout)
		signalled := false
		for lines.Scan() {
			fmt.Fprintln(o.Output, lines.Text())
			if !signalled && strings.Contains(lines.Text(), "ready") {
				signalled = true
				close(ready)
			}
		}
		s.done <- cmd.Wait()
	}()
	select {
	case <-ready:
		fmt.Fprintf(o.Output, "orgnet: local Neo4j on %s ready after %s\n", s.URI, time.Since(started).Round(100*time.Millisecond))
		return s, nil
	case err := <-s.done:
		return nil, fmt.Errorf("localneo4j: the database exited before it was ready (%v); see its output above", err)
	case <-ctx.Done():
		_ = s.Stop(30 * time.Second)
		return nil, ctx.Err()
	}
}

// Pid is the database's process id, for reading its memory and CPU time.
func (s *Server) Pid() int { return s.cmd.Process.Pid }

// Stop shuts the database down cleanly (SIGTERM), killing it only if it
// has not stopped within timeout.
func (s *Server) Stop(timeout time.Duration) error {
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return err
	}
	select {
	case err := <-s.done:
		return CleanExit(err)
	case <-time.After(timeout):
		_ = s.cmd.Process.Kill()
		return fmt.Errorf("localneo4j: the database did not stop within %s and was killed", timeout)
	}
}

// CleanExit is err, the result of waiting for the database's process, or
// nil if that was the JVM's normal exit on SIGTERM (status 143, 128+SIGTERM):
// a database asked to stop that stopped.
func CleanExit(err error) error {
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 128+int(syscall.SIGTERM) {
		return nil
	}
	return err
}
