// The benchmark's peer (see ../README.md, "The peer"): @neo4j/graphql with
// Apollo Server over the same Neo4j and the same data as orgnet, its type
// definitions written over orgnet's own labels and relationships, so that
// both answer the same nested reads. It serves POST / on PEER_ADDR
// (host:port) against NEO4J_URI, prints "ready" once it listens, and stops
// on SIGTERM.
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

const typeDefs = /* GraphQL */ `
  type Person @node {
    id: ID!
    name: String!
    email: String
    title: String
    active: Boolean
    manager: [Person!]! @relationship(type: "REPORTS_TO", direction: OUT)
    memberships: [Team!]! @relationship(type: "MEMBER_OF", direction: OUT, properties: "MemberOf")
    mandates: [Mandate!]! @relationship(type: "HOLDS", direction: OUT)
  }

  type Team @node {
    id: ID!
    name: String!
    kind: String!
    parent: [Team!]! @relationship(type: "PART_OF", direction: OUT)
    members: [Person!]! @relationship(type: "MEMBER_OF", direction: IN, properties: "MemberOf")
    mandates: [Mandate!]! @relationship(type: "HOLDS", direction: OUT)
  }

  type MemberOf @relationshipProperties {
    role: String!
  }

  type Matter @node {
    id: ID!
    name: String!
    parent: [Matter!]! @relationship(type: "PART_OF", direction: OUT)
  }

  type Mandate @node {
    id: ID!
    name: String!
    limit: Float
    matter: [Matter!]! @relationship(type: "OVER", direction: OUT)
  }
`;

const [host, port] = (process.env.PEER_ADDR || "127.0.0.1:8090").split(":");
const driver = neo4j.driver(process.env.NEO4J_URI || "bolt://127.0.0.1:7687", neo4j.auth.basic("neo4j", "unused"), {
  maxConnectionPoolSize: 64,
});
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
const server = new ApolloServer({ schema });
const { url } = await startStandaloneServer(server, { listen: { host, port: Number(port) } });
console.log(`ready ${url}`);

process.on("SIGTERM", async () => {
  await server.stop();
  await driver.close();
  process.exit(0);
});
