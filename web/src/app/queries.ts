// Every GraphQL document the app sends. Each is priced under the server's
// complexity limit (server/complexity.go: a connection costs its page size
// times what it holds) and asks for nested links that the server loads for a
// whole level at once, so that one request costs a bounded number of
// database round trips whatever the org's size. Chains of unknown length
// (managers, parent teams, delegations) are asked to a fixed depth; the page
// shows where a chain goes on beyond it.

const holder = `__typename ... on Person { id name } ... on Team { id name }`;

/** A mandate with its delegation chain, four links up. */
const mandateChain = (depth: number): string =>
  depth === 0
    ? 'id'
    : `id name limit effectiveLimit effective(at: $at) validFrom validUntil matter { id name } holder { ${holder} } delegatedFrom { ${mandateChain(depth - 1)} }`;

const routeNode = `__typename ... on Touchpoint { id name } ... on Team { id name } ... on Person { id name title }`;

export const searchQuery = `query Search($q: String!, $n: Int!) {
  people(first: $n, nameContains: $q) { totalCount nodes { id name title active } }
  teams(first: $n, nameContains: $q) { totalCount nodes { id name kind } }
  matters(first: $n, nameContains: $q) { totalCount nodes { id name parent { name } } }
  touchpoints(first: $n, nameContains: $q) { totalCount nodes { id name channel } }
}`;

const manager = (depth: number): string =>
  depth === 0 ? 'id name' : `id name title active manager { ${manager(depth - 1)} }`;

const teamUp = (depth: number): string =>
  depth === 0
    ? 'id name'
    : `id name kind staffs { id name channel } parent { ${teamUp(depth - 1)} }`;

export const personQuery = `query Person($id: ID!, $amount: Float, $at: DateTime) {
  person(id: $id) {
    id name title email active
    manager { ${manager(8)} }
    reports(first: 200) { totalCount nodes { id name title active } }
    memberships(first: 50) { totalCount nodes { role team { ${teamUp(6)} } } }
    mandates(first: 100) { totalCount nodes { ${mandateChain(4)} } }
    staffs { id name channel }
  }
  actionableMatters(person: $id, amount: $amount, at: $at) {
    matter { id name } limit grants { via limit team { id name } mandate { ${mandateChain(4)} } }
  }
}`;

export const teamQuery = `query Team($id: ID!, $at: DateTime) {
  team(id: $id) {
    id name kind
    parent { id name parent { id name parent { id name parent { id name parent { id name } } } } }
    children(first: 200) { totalCount nodes { id name kind } }
    members(first: 500) { totalCount nodes { role person { id name title active } } }
    mandates(first: 100) { totalCount nodes { ${mandateChain(4)} } }
    staffs { id name channel }
  }
}`;

export const matterQuery = `query Matter($id: ID!, $amount: Float, $at: DateTime) {
  matter(id: $id) {
    id name
    parent { id name parent { id name parent { id name parent { id name } } } }
    children(first: 200) { totalCount nodes { id name } }
    handledAt { touchpoint { id name channel } volume selfServiceRate residual }
    whoCanAct(amount: $amount, at: $at) {
      person { id name title } limit
      grants { via limit team { id name } mandate { ${mandateChain(6)} } }
    }
  }
}`;

export const touchpointQuery = `query Touchpoint($id: ID!, $amount: Float, $at: DateTime, $after: String) {
  touchpoint(id: $id) {
    id name channel selfService
    staffedBy { ${holder} }
    escalatesTo { id name channel }
    escalatedFrom { id name channel }
    frontLine(first: 1000, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id name title } }
    handles { volume selfServiceRate residual matter { id name whoCanAct(amount: $amount, at: $at) { person { id } } } }
  }
}`;

/** The rest of a large front line, a page at a time. */
export const frontLinePageQuery = `query FrontLine($id: ID!, $after: String) {
  touchpoint(id: $id) { frontLine(first: 1000, after: $after) { pageInfo { hasNextPage endCursor } nodes { id name title } } }
}`;

export const routeQuery = `query Route($tp: ID!, $matter: ID!, $amount: Float, $at: DateTime) {
  customerDistance(touchpoint: $tp, matter: $matter, amount: $amount, at: $at) {
    hops actor { id name title } path { ${routeNode} }
  }
}`;

export const healthQuery = `query Health($at: DateTime) {
  orgHealth(at: $at) {
    at residual empowerment strandedVolume meanCustomerDistance
    orphanMatters { id name }
    singleActorMatters { matter { id name } person { id name title } }
    layers unitDepth spanOfControl { max mean median }
    channels { channel touchpoints residual empowerment strandedVolume meanCustomerDistance }
    touchpoints { touchpoint { id name channel } residual empowerment strandedVolume meanCustomerDistance }
    handlings { touchpoint { id name } matter { id name } residual frontLineCanAct distance }
    keyPeople(first: 100) { totalCount nodes {
      person { id name title } soleMatters { id name } soleMatterResidual strandedIfLeft
      strandedHandlings { touchpoint { id name } matter { id name } residual distance }
    } }
    units(first: 1000, kind: UNIT) { totalCount nodes { team { id name } people layers mandates } }
  }
}`;

export const explorerTeamsQuery = `query ExplorerTeams($after: String) {
  teams(first: 1000, after: $after) { pageInfo { hasNextPage endCursor } nodes { id name kind parent { id } } }
}`;

export const explorerPeopleQuery = `query ExplorerPeople($after: String) {
  people(first: 1000, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { id name title active manager { id } memberships(first: 20) { nodes { role team { id } } } }
  }
}`;

export const whoCanActIdsQuery = `query WhoCanActIds($matter: ID!, $amount: Float, $at: DateTime) {
  matter(id: $matter) { id name whoCanAct(amount: $amount, at: $at) { person { id } } }
}`;

export const matterNamesQuery = `query MatterNames($q: String!) {
  matters(first: 20, nameContains: $q) { nodes { id name } }
}`;

/** Who the token is: a sign-in checks it with this. */
export const viewerQuery = `query Viewer { viewer { name role } }`;

const changeFacts = `id version at via created updated deleted principal { name role } approvedBy { name role }`;

/** The history, a page of twenty changes at a time; listing never reads their entries. */
export const changesQuery = `query Changes($after: String, $via: Via, $entity: ID) {
  orgVersion
  changes(first: 20, after: $after, via: $via, entity: $entity) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { ${changeFacts} reverts { id version } }
  }
}`;

/** One change with a page of its entries, each entity before and after. */
export const changeQuery = `query Change($id: ID!, $after: String) {
  orgVersion
  change(id: $id) {
    ${changeFacts}
    reverts { id version at via }
    entries(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { type id op before after } }
  }
}`;

export const revertMutation = `mutation Revert($id: ID!, $ifVersion: Int) {
  revertChange(id: $id, ifVersion: $ifVersion) { id version via created updated deleted }
}`;

// Scenarios (docs/scenarios.md): a named set of steps laid over the live
// org, asked about and compared without touching it.
const scenarioFacts = `id name description createdBy createdAt status`;

export const scenariosQuery = `query Scenarios {
  scenarios { ${scenarioFacts} changes { seq } conflicts { step } }
}`;

export const scenarioQuery = `query Scenario($id: ID!) {
  orgVersion
  scenario(id: $id) {
    ${scenarioFacts}
    changes { seq at by upsert delete { type id } removeMemberships { person team } }
    conflicts { step entity { type id } assumed live }
  }
  scenarios(status: OPEN) { id name }
}`;

const figure = `{ before after change }`;

/** The scenario against the live org or another scenario: every figure, and who and what it changes. */
export const compareQuery = `query Compare($id: ID!, $against: ID, $amount: Float) {
  compareScenario(id: $id, against: $against, amount: $amount) {
    figures {
      empowerment ${figure} strandedVolume ${figure} meanCustomerDistance ${figure} residual ${figure}
      orphanMatters ${figure} singleActorMatters ${figure} layers ${figure} unitDepth ${figure}
      spanMax ${figure} spanMean ${figure} spanMedian ${figure}
    }
    actors { matter { id name } gained { id name } lost { id name } }
    handlings { touchpoint { id name } matter { id name } before { frontLineCanAct distance residual } after { frontLineCanAct distance residual } }
    becameOrphan { id name }
    noLongerOrphan { id name }
    becameSingleActor { matter { id name } person { id name } }
    noLongerSingleActor { matter { id name } person { id name } }
    people { person { id name } joined { id name } left { id name } managerBefore { id name } managerAfter { id name } }
  }
}`;

export const createScenarioMutation = `mutation CreateScenario($name: String!, $description: String) {
  createScenario(name: $name, description: $description) { id }
}`;

export const changeScenarioMutation = `mutation ChangeScenario($id: ID!, $upsert: OrgSnapshotInput, $delete: [EntityRefInput!], $removeMemberships: [MembershipRefInput!]) {
  changeScenario(id: $id, upsert: $upsert, delete: $delete, removeMemberships: $removeMemberships) { id }
}`;

export const undoStepMutation = `mutation UndoScenarioStep($id: ID!) { undoScenarioStep(id: $id) { id } }`;
export const discardScenarioMutation = `mutation DiscardScenario($id: ID!) { discardScenario(id: $id) { id } }`;
export const applyScenarioMutation = `mutation ApplyScenario($id: ID!, $ifVersion: Int) {
  applyScenario(id: $id, ifVersion: $ifVersion) { created updated deleted version change { id version } }
}`;

/** An entity as it is in a scenario, whole: a step that changes one field must send every other as it is. */
export const scenarioTeamQuery = `query ScenarioTeam($id: ID!, $scenario: ID) {
  team(id: $id, scenario: $scenario) { id name kind externalId parent { id } }
}`;

export const scenarioTouchpointQuery = `query ScenarioTouchpoint($id: ID!, $scenario: ID) {
  touchpoint(id: $id, scenario: $scenario) {
    id name channel selfService
    staffedBy { __typename ... on Person { id } ... on Team { id } }
    escalatesTo { id }
    handles { volume selfServiceRate matter { id } }
  }
}`;
