package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/forge-framework/forge/forge/parser"
)

func init() {
	register(&command{
		name:    "generate",
		summary: "read the app's schema package and check it; --ir prints its IR",
		usage:   "[-C DIR] [--schema DIR] [--ir]",
		setup:   setupGenerate,
	})
}

func setupGenerate(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
	appDir := fs.String("C", ".", "run in `DIR`, the app's directory, as go -C does")
	schemaDir := fs.String("schema", "schema", "the schema package `DIR`, relative to the app's directory")
	printIR := fs.Bool("ir", false, "print the schema's IR as JSON on stdout")
	return func(args []string, stdout, stderr io.Writer) int {
		if len(args) > 0 {
			fmt.Fprintf(stderr, "forge generate: unexpected argument %q (use -C for the app's directory)\n", args[0])
			return exitUsage
		}
		return generate(filepath.Join(*appDir, *schemaDir), *printIR, stdout, stderr)
	}
}

// generate parses the schema package in dir and, with printIR, prints its
// IR. Nothing is printed on stdout unless the whole package is valid.
func generate(dir string, printIR bool, stdout, stderr io.Writer) int {
	// Paths are joined rather than changed into, so that error positions
	// are relative to where forge was run and an editor can open them.
	s, err := parser.ParseDir(dir)
	if err != nil {
		var list parser.ErrorList
		if errors.As(err, &list) {
			fmt.Fprintln(stderr, list.Error())
			fmt.Fprintf(stderr, "forge generate: %d problem(s) in %s\n", len(list), dir)
		} else {
			fmt.Fprintf(stderr, "forge generate: %v\n", err)
		}
		return exitUser
	}
	if len(s.Resources) == 0 {
		fmt.Fprintf(stderr, "forge generate: %s defines no resources: declare one with var X = schema.Define(\"X\", …)\n", dir)
		return exitUser
	}
	if printIR {
		out, err := json.MarshalIndent(s, "", "  ")
		if err != nil {
			fmt.Fprintf(stderr, "forge generate: encode IR: %v\n", err)
			return exitUser
		}
		if _, err := stdout.Write(append(out, '\n')); err != nil {
			fmt.Fprintf(stderr, "forge generate: %v\n", err)
			return exitUser
		}
		return exitOK
	}
	fmt.Fprintf(stdout, "%s: %d resources, %d job kinds\n", dir, len(s.Resources), len(s.Jobs))
	return exitOK
}
