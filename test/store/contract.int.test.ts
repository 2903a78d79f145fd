/** The repository contract on the DynamoDB store, on DynamoDB Local and dynalite. */
import { describe, inject } from 'vitest';
import { freshStore } from '../delivery/servers';
import { describeRepoContract } from './contract';

describe.each(inject('dynamoEngines'))('$name', ({ name, endpoint }) => {
  describeRepoContract(name, () => freshStore(endpoint));
});
