// Ponder needs an API file; the floor serves only Ponder's own routes (/ready, /status, /metrics).
import { Hono } from "hono";

export default new Hono();
