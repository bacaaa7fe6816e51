// The actions/github-script stand-in: runs a step's `script:` as the action does (an async function given
// github, context and core), with `github.rest.*` calls sent to the GitHub stand-in over HTTP.
// Only the REST methods the workflows use are mapped; any other throws, so the replay fails loudly.
const fs = require("fs");

const ROUTES = {
  "repos.createDeployment": ["POST", "/repos/{owner}/{repo}/deployments"],
  "repos.listDeployments": ["GET", "/repos/{owner}/{repo}/deployments"],
  "repos.createDeploymentStatus": ["POST", "/repos/{owner}/{repo}/deployments/{deployment_id}/statuses"],
  "issues.createComment": ["POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments"],
  "repos.createDispatchEvent": ["POST", "/repos/{owner}/{repo}/dispatches"],
};

function method(namespace, name) {
  const route = ROUTES[`${namespace}.${name}`];
  if (!route) throw new Error(`the GitHub stand-in does not implement github.rest.${namespace}.${name}`);
  return async (params) => {
    const body = { ...params };
    const path = route[1].replace(/\{(\w+)\}/g, (_, key) => { const v = body[key]; delete body[key]; return v; });
    const response = await fetch(process.env.STANDIN_GITHUB_API + path, {
      method: route[0],
      headers: { Authorization: `token ${process.env.STANDIN_GITHUB_TOKEN}`, "Content-Type": "application/json" },
      body: route[0] === "GET" ? undefined : JSON.stringify(body),
    });
    const data = await response.json();
    if (!response.ok) throw new Error(`HttpError: ${data.message} (${response.status})`);
    return { status: response.status, data };
  };
}

const rest = new Proxy({}, { get: (_, namespace) => new Proxy({}, { get: (__, name) => method(namespace, name) }) });
const [owner, repo] = process.env.GITHUB_REPOSITORY.split("/");
const payload = JSON.parse(fs.readFileSync(process.env.GITHUB_EVENT_PATH, "utf8"));
const context = {
  repo: { owner, repo }, sha: process.env.GITHUB_SHA, ref: process.env.GITHUB_REF, payload,
  eventName: process.env.GITHUB_EVENT_NAME, runId: Number(process.env.GITHUB_RUN_ID),
  serverUrl: process.env.GITHUB_SERVER_URL, issue: { owner, repo, number: payload.number },
};
const core = {
  setOutput: (name, value) => fs.appendFileSync(process.env.GITHUB_OUTPUT, `${name}<<__EOF__\n${value}\n__EOF__\n`),
  setFailed: (message) => { console.error(`Error: ${message}`); process.exitCode = 1; },
  info: console.log, warning: console.warn, error: console.error,
};

const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
const script = fs.readFileSync(process.argv[2], "utf8");
new AsyncFunction("require", "github", "context", "core", script)(require, { rest }, context, core)
  .then((result) => core.setOutput("result", result === undefined ? "" : JSON.stringify(result)))
  .catch((error) => core.setFailed(error.message));
