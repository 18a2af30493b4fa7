init
write specs/routing.md '# Routing

Requests are dispatched by `server/http/router.go`. Built with `go.mod`.
'
write specs/orders.md '# Orders

Orders live in `server/orders/create.go`, `server/orders/list.go` and
`server/orders/cancel.go`; they are reached through `server/http/router.go`.
Built with `go.mod`.
'
write specs/health.md '# Health

`server/http/router.go` answers /healthz. Built with `go.mod`.
'
write specs/build.md '# Build

The module file `go.mod` pins Go 1.22.
'
write specs/legacy.md '# Legacy

Only `go.mod` mentions it.
'
write server/http/router.go 'package http
'
write server/orders/create.go 'package orders
'
write server/orders/list.go 'package orders
'
write server/orders/cancel.go 'package orders
'
write go.mod 'module example.com/shop
'
commit "plain specs that name the same files"
