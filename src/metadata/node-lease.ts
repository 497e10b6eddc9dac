/**
 * A running node's claim on its id. Temporary files carry the id of the node writing
 * them, and the start-up sweep removes only those of nodes that are no longer alive, so
 * a node never deletes another running node's upload in progress.
 */
export interface NodeLease {
  /** This process's id: letters and digits only, so it can be part of a file name. */
  readonly nodeId: string;
  /** False only when the node with this id is known to have stopped. */
  isAlive(nodeId: string): Promise<boolean>;
  /** Gives the id up, at shutdown. */
  release(): Promise<void>;
}
