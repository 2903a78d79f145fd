/** The router's request and response, shared by the API routes and the pages. */
export interface ApiRequest {
  method: string;
  /** Path without the query string, e.g. `/confirm`. */
  path: string;
  query: Record<string, string | undefined>;
  headers: Record<string, string | undefined>;
  body?: string;
  /** The caller's IP address (API Gateway `sourceIp`, the socket's peer locally): sign-up limits. */
  clientIp?: string;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}
