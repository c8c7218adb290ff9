"""`nlp-audit serve`: the warm HTTP gate a budget system calls when a unit presses "submit".

Modules: limits (the command's limits, one place), app (FastAPI factory and routes), upload (request
-> what to check), pool (killable warm worker processes), worker (what runs in them), rules_api
(the rule registry as JSON), errors (JSON error bodies, the request size limit). Importing this
package imports none of FastAPI, uvicorn or pebble: `check` never pays for the service.
"""
