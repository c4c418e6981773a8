# A local server from the dev dependency, its data under ./restate-data (ingress :8080, admin :9070).
npx restate-server --node-name dev
# With your deployment listening (serveAsk(9080)), tell the server where it is.
curl -X POST localhost:9070/deployments -H 'content-type: application/json' -d '{"uri": "http://localhost:9080"}'
# A durable run; the idempotency key makes a retried request attach to the same run.
curl -X POST localhost:8080/ask/run -H 'idempotency-key: req-1' -H 'content-type: application/json' -d '{"query": "Why is the sky blue?"}'
