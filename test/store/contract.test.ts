/** The repository contract on the in-memory repositories (no engine). */
import { memoryRepos } from '../../functions/store/memory';
import { describeRepoContract } from './contract';

describeRepoContract('memory', async () => memoryRepos());
