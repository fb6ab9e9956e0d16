// Request body types of the forms, from the API's zod schemas.
import type { z } from 'zod';
import type { addCollaboratorSchema } from '../../../contracts/trips.js';

export type AddCollaboratorBody = z.output<typeof addCollaboratorSchema>;
