/** What the speed lab island receives as props: one full-size network, everything decided at build time. */
import type { VerifiedAsset } from '../inference/fetchVerified.ts';

export const SPEED_LAB_NETWORKS = ['alexnet', 'vgg16', 'googlenet'] as const;
export type SpeedLabNetworkId = (typeof SPEED_LAB_NETWORKS)[number];

/** A figure as the network's paper states it, with where it says so. */
export interface PaperFigure {
  value: number;
  /** Where in the paper, e.g. "Table 2" or "§1". */
  where: string;
}

export interface PaperFacts {
  citation: string;
  href: string;
  parameters?: PaperFigure;
  macs?: PaperFigure;
}

export interface SpeedLabNetwork {
  id: SpeedLabNetworkId;
  title: string;
  /** The graph without weights, served from our origin. */
  graph: VerifiedAsset;
  inputName: string;
  /** [1, 3, 224, 224] */
  inputShape: number[];
  outputName: string;
  /** Counted from the graph at build time (torchvision's definition: BatchNorm running statistics left out). */
  parameters: number;
  macs: number;
  /** The external weights file the graph points at (never downloaded: synthesized from the graph's own layout). */
  weights: { path: string; bytes: number };
  paper: PaperFacts;
}
