/** The figures the three papers state about their own networks, quoted with the place they appear, for the bars beside ours. */
import type { PaperFacts, SpeedLabNetworkId } from './types.ts';

export const PAPERS: Record<SpeedLabNetworkId, PaperFacts> = {
  alexnet: {
    citation: 'Krizhevsky, Sutskever, Hinton (2012), ImageNet Classification with Deep Convolutional Neural Networks',
    href: 'https://papers.nips.cc/paper/4824-imagenet-classification-with-deep-convolutional-neural-networks',
    // "Our neural network architecture has 60 million parameters." (§4; the abstract says the same)
    parameters: { value: 60e6, where: '§4' },
  },
  vgg16: {
    citation: 'Simonyan, Zisserman (2015), Very Deep Convolutional Networks for Large-Scale Image Recognition',
    href: 'https://arxiv.org/abs/1409.1556',
    // Table 2, "Number of parameters (in millions)": 138 for configuration D (VGG-16).
    parameters: { value: 138e6, where: 'Table 2' },
  },
  googlenet: {
    citation: 'Szegedy et al. (2015), Going Deeper with Convolutions',
    href: 'https://arxiv.org/abs/1409.4842',
    // "… keep a computational budget of 1.5 billion multiply-adds at inference time" (§1)
    macs: { value: 1.5e9, where: '§1' },
  },
};
