export interface Permission {
  id: string;
  /** "resource:action". */
  name: string;
  resource: string;
  action: string;
  description: string | null;
  category: string | null;
  /** Seeded with the product: cannot be changed or deleted. */
  system: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewPermission {
  resource: string;
  action: string;
  description?: string | null;
  category?: string | null;
}
