package main

import "fmt"

func cmdServe(env *environment, args []string) error {
	return fmt.Errorf("serve: not wired yet")
}
